import { PageInfo } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { YOUTH_AGE } from '@registry/members/contract';
import { Ratio } from './coverage-views';

@ObjectType({ description: 'Card holders and bonus participants on asOf, against the members on record that day' })
export class CoverageTableCards {
  @Field(() => Ratio) plastic!: Ratio;
  @Field(() => Ratio) virtual!: Ratio;
  @Field(() => Ratio) bonusParticipants!: Ratio;
}

@ObjectType({
  description: 'One organization of a subtree with its coverage: the same figures as its `coverage` field, flat',
})
export class CoverageTableRow {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'CENTRAL, REGIONAL, TERRITORIAL or PRIMARY' }) level!: string;
  @Field(() => ID, { nullable: true }) parentId!: string | null;
  @Field(() => Int, { description: 'Levels below the table root' }) depth!: number;
  @Field(() => [String], { description: 'Registry codes from the table root down to this organization' })
  path!: string[];
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the statistical report used as reference' })
  reportDate!: string | null;
  @Field(() => Ratio, { description: 'Members on the electronic record against the report' }) members!: Ratio;
  @Field(() => Ratio, { description: `Members under ${YOUTH_AGE} among members on record` }) youth!: Ratio;
  @Field(() => Ratio, { description: 'Primary organizations in the registry against the report' })
  primaryOrganizations!: Ratio;
  @Field(() => Ratio, { description: 'Territorial organizations in the registry against the report' })
  territorialOrganizations!: Ratio;
  @Field(() => CoverageTableCards, { description: 'Read only when selected (a pass over the members of the page)' })
  cards!: CoverageTableCards;
}

@ObjectType({ description: 'A page of the coverage table, ordered by registry code' })
export class CoverageTablePage {
  @Field(() => [CoverageTableRow]) rows!: CoverageTableRow[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
