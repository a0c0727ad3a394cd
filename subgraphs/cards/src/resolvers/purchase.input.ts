import { Field, InputType } from 'type-graphql';
import { Kopecks } from '../scalars/kopecks';

@InputType({ description: 'A purchase with a union card, as the partner reports it' })
export class ReportPurchaseInput {
  @Field(() => String, {
    description:
      "The partner's unique key for this purchase (1-100 printable characters): retries reuse it and count once",
  })
  idempotencyKey!: string;

  @Field(() => String, { description: 'The card number as typed, or the QR payload of a virtual card' })
  cardNumberOrPayload!: string;

  @Field(() => Kopecks, { description: 'Purchase sum in kopecks, 1..1 000 000 000 (10 million RUB)' })
  amountKopecks!: number;

  @Field(() => Date, { description: 'When the purchase was made; within the last 90 days' })
  occurredAt!: Date;
}
