import { UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, Float } from 'type-graphql';
import { RankingLevel, RankingMetric, RankingOrder } from './ranking-views';

@ArgsType()
export class RankingArgs {
  @Field(() => UUID) parentId!: string;
  @Field(() => RankingMetric) metric!: RankingMetric;
  @Field(() => RankingLevel, { nullable: true, description: 'Default: the direct children' })
  level?: RankingLevel | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) asOf?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) reportDate?: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Keep rows whose exact share is above this percent, e.g. 90; 0..100',
  })
  threshold?: number | null;
  @Field(() => RankingOrder, { nullable: true, description: 'Default DESC' }) order?: RankingOrder | null;
}
