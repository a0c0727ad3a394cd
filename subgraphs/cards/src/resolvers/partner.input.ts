import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A partner of the bonus program' })
export class CreatePartnerInput {
  @Field(() => String) name!: string;

  @Field(() => String, { description: 'Kind of goods or services' }) category!: string;

  @Field(() => Int, { description: 'Cashback in basis points, 1..5000 (250 = 2.5 %)' }) cashbackRateBp!: number;

  @Field(() => [String], {
    nullable: true,
    description: 'Two-digit federal subject codes; empty or omitted: the whole country',
  })
  regions?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to true' }) active?: boolean | null;
}

@InputType({ description: 'Fields of a partner to change; omitted fields stay' })
export class UpdatePartnerInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => Int, { nullable: true, description: 'Basis points; applies to purchases from now on' }) cashbackRateBp?:
    number | null;
  @Field(() => [String], { nullable: true }) regions?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'An inactive partner is refused at once' }) active?:
    boolean | null;
}
