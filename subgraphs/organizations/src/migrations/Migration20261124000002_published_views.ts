import { Migration } from '@mikro-orm/migrations';

/**
 * The organizations subgraph's read-only contract with the other subgraphs in the same database:
 * versioned views, never the tables. Members, cards and statistics need "is this a primary
 * organization?" and "which organizations are in this subtree?" inside their own SQL (one join
 * for a roll-up over any number of organizations); a GraphQL round trip per check would be the
 * N+1 the loaders exist to avoid. The tables stay free to change behind the views.
 */
export class Migration20261124000002PublishedViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view organizations.organization_v1 as
        select id, code, name, level, primary_type, parent_id, subject_code, status from organizations.organization;`);
    this.addSql(`
      create view organizations.subtree_v1 as
        select ancestor_id, descendant_id, depth from organizations.organization_closure;`);
    this.addSql(
      `comment on view organizations.organization_v1 is 'Published to other subgraphs: read-only, stable columns'`,
    );
    this.addSql(
      `comment on view organizations.subtree_v1 is 'Published to other subgraphs: ancestor/descendant pairs, self at depth 0'`,
    );
  }
}
