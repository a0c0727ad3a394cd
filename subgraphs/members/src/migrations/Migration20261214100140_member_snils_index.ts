import { Migration } from '@mikro-orm/migrations';

/**
 * Records of a person are found by SNILS whatever their status (issue 15: at national scale an
 * application and its approval took 4 s). Since issue 12 the duplicate rule (`findTwins`) also
 * matches former members, so an application, an approval and a reinstatement look for
 * `snils = …` among LEFT, EXCLUDED and DECEASED records too. The only SNILS index is the unique
 * one of active members (…100001), which cannot answer that, so each check read all 3.9 M
 * members (1.4–4.5 s). Name and birth date already have `member_person_idx`; with this index the
 * two branches of the rule are one bitmap OR of two index scans.
 */
export class Migration20261214100140MemberSnilsIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index member_snils_idx on members.member (snils) where snils is not null;`);
  }
}
