import { UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class CoverageTableArgs {
  @Field(() => UUID, { description: 'The organization whose subtree the table lists' })
  rootId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Levels below the root (0: the root alone); omitted: the whole subtree',
  })
  depth?: number | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Members on record on this date; defaults to today' })
  asOf?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Defaults to the latest report on or before asOf' })
  reportDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Rows per page, 1 to 5000 (default 500)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;
}
