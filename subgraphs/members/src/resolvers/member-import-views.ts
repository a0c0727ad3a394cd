import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A row of a members file that was not loaded' })
export class MemberImportError {
  @Field(() => Int, { description: 'Line in the file (header = 1)' }) line!: number;
  @Field(() => String, { nullable: true }) registrationNumber!: string | null;
  @Field(() => String, { description: 'Column of the file' }) field!: string;
  @Field(() => String) errorCode!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'Outcome of a members import' })
export class MemberImportReport {
  @Field(() => Int) rows!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => [MemberImportError]) errors!: MemberImportError[];
  @Field(() => String, { description: 'The per-row error report as CSV, for download' }) errorReportCsv!: string;
}
