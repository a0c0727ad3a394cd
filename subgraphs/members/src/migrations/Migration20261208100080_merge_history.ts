import { Migration } from '@mikro-orm/migrations';

/**
 * A merge's events name the other record (issue 12): the duplicate's MERGED event points at the
 * record kept, the kept record's at the duplicate. Each record's history is its own events only;
 * before, the history of a merged record was read as part of the kept one's and came back empty.
 */
export class Migration20261208100080MergeHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table members.membership_event add column related_member_id uuid references members.member (id);`,
    );
  }
}
