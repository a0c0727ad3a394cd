import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organization } from '../entities/organization';
import { RankingLevel, RankingMetric, RankingOrder } from '../services/ranking';

// The enums are the service's vocabulary; here they get their GraphQL names.
export { RankingLevel, RankingMetric, RankingOrder };

registerEnumType(RankingMetric, { name: 'RankingMetric' });
registerEnumType(RankingLevel, {
  name: 'RankingLevel',
  description: 'Rank all descendants of this level instead of the children',
});
registerEnumType(RankingOrder, { name: 'RankingOrder' });

@ObjectType({ description: "A line of a progress table: an organization's figure against its reference" })
export class RankingRow {
  @Field(() => Int, { description: '1 for the first line' }) place!: number;
  @Field(() => Organization) organization!: Organization;
  @Field(() => String) name!: string;
  @Field(() => String) code!: string;
  @Field(() => Float) numerator!: number;
  @Field(() => Float, { nullable: true }) denominator!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'numerator / denominator in percent, rounded half up to two decimals (97.47); null without a reference figure. Rows are ranked by the exact share, so two rows printing the same percent keep their true order.',
  })
  percent!: number | null;
}
