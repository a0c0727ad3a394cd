import { Field, Int, ObjectType } from 'type-graphql';
import { Purchase } from '../entities/purchase';

@ObjectType({ description: 'Why one line of a batch report was refused: the error a single report would have had' })
export class PurchaseLineError {
  @Field(() => String, {
    description: 'The error code (BAD_USER_INPUT, NOT_FOUND, CARD_REVOKED, NOT_ENROLLED, IDEMPOTENCY_CONFLICT, …)',
  })
  code!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true, description: 'The input field at fault' }) field!: string | null;
}

@ObjectType({ description: 'What became of one line of a batch report' })
export class PurchaseReportLine {
  @Field(() => Int, { description: 'The line, 1-based, in input order' }) line!: number;
  @Field(() => Purchase, {
    nullable: true,
    description: 'The purchase recorded (or, replayed, the one recorded earlier with this key)',
  })
  purchase!: Purchase | null;
  @Field(() => Boolean, { description: 'The key was recorded earlier with this body: nothing new was written' })
  replayed!: boolean;
  @Field(() => PurchaseLineError, { nullable: true }) error!: PurchaseLineError | null;
}

@ObjectType({ description: 'A batch purchase report: counts and every line' })
export class PurchaseBatchReport {
  @Field(() => Int, { description: 'Lines recorded now' }) recorded!: number;
  @Field(() => Int, { description: 'Lines whose key was already recorded with the same body' }) replayed!: number;
  @Field(() => Int, { description: 'Lines refused, each with its error' }) refused!: number;
  @Field(() => [PurchaseReportLine]) lines!: PurchaseReportLine[];
}
