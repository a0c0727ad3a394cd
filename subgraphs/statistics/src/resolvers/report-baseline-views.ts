import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class BaselineImportError {
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true }) organizationCode!: string | null;
  @Field(() => String) field!: string;
  @Field(() => String) errorCode!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'Outcome of a report import' })
export class BaselineImportReport {
  @Field(() => Int) rows!: number;
  @Field(() => Int) loaded!: number;
  @Field(() => [BaselineImportError]) errors!: BaselineImportError[];
}
