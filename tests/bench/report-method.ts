/** The method, written above the per-scale sections of the report (refreshed on every run). */
export const METHOD = `## Method

\`npm run bench -- --scale tiny|small|medium|national [--seed N] [--duration-ms N] [--concurrency N] [--out docs/benchmarks.md]\`
(\`tests/bench/\`) creates a database, loads a generated union into it through the registry's own
import paths (\`tests/generator\`, as \`npm run seed\` does), runs \`vacuum (analyze)\` (as
autovacuum would in service), starts the whole stack in one process (\`startStack\`: four
subgraphs and the gateway, as \`npm start\` runs it), then measures, in the same run:

- **Q1–Q4**, reads through our gateway as a central admin (JWT): Q1 coverage of the regions
  (root → children), Q2 down to territorial organizations, Q3 the full tree, each level below the
  root with coverage (members vs report, primary organizations vs report, youth); Q4 a page of 50
  members of the primary organization with the most members, with their active cards.
- Each operation **one request at a time** (latency without queueing: p50, p95) and at **the
  run's concurrency** (throughput, and p95 under load), each for \`--duration-ms\` after a
  warm-up. The load generator is a Node process of its own (closed loop, keep-alive HTTP/1.1, no
  dependency), so it neither shares the stack's event loop nor counts in its memory. Every answer
  is checked (HTTP 200, no GraphQL errors); errors are counted and shown, never dropped.
- **SQL statements per request**: one request with a statement counter on every subgraph's ORM
  (\`countQueries\`), best of three; and all statements of the concurrent run divided by its
  requests (**under load**). The cards subgraph's poll of the members outbox, background work no
  request pays for, runs hourly during the run instead of every 2 s.
- **Floor**: exactly the statements of one request, replayed with pg straight against PostgreSQL
  one after another on one connection — no HTTP, GraphQL or ORM. **Round trip**: \`GET /health\`
  on the gateway through the same client. **Subgraphs direct** (Q1): the two requests the
  gateway's query plan sends (regions from organizations, one \`_entities\` batch from
  statistics), posted straight to the subgraphs with the signed viewer header the gateway adds.
- **Hive Gateway** (\`@graphql-hive/gateway-runtime\`, on node:http) over the same subgraphs and
  supergraph; its answers must equal ours. It sends a fixed signed viewer header for a central
  admin; our gateway also verifies a JWT and signs a header per request. Measured twice: doing the
  same work as ours (its HTTP executor's \`deduplicateInflightRequests\` off) and **as shipped**
  (on: identical queries in flight share one subgraph request — a real feature, but one that a
  benchmark sending the same query from every client flatters). Measured after ours, so our RSS
  figures do not include it.
- **Hive Gateway with the Rust query planner** (\`@graphql-hive/router-runtime\`'s
  \`unifiedGraphHandler\` in the same runtime, as shipped): the third peer, measured in its own
  process only.
- **Each gateway in its own process** (as production runs it), over the same subgraphs: throughput,
  the gateway's own peak RSS, and **CPU ms per request** of every process involved (gateway,
  stack of subgraphs, PostgreSQL, load generator; from /proc): on a two-core machine they share
  the CPU, so this says who limits throughput. \`BENCH_CPU_PROFILE_DIR=<dir>\` makes these gateway
  processes write V8 CPU profiles.
- **RSS**: sampled every 100 ms during each operation's runs — of the stack's process (it
  includes the four subgraphs) and of each gateway alone.
- **Q5** admissions: \`applyForMembership\` (anonymous) + \`approveApplication\` (admin) through
  the gateway, a new person each time, one at a time, then concurrently.
- **Q6** bulk import: the members import service (\`importMembers\`, one transaction) on a fresh
  file for existing primary organizations; its statements go through the raw pg client and are
  not counted. Beside it, the Node side alone (csv-parse + the import's row checks) and
  PostgreSQL's COPY of the same file into a bare temporary table. The generator's members step
  (load times) is the same pipeline on the whole data set.
- **SQL of one Q1 request** and the **heaviest statement** of the deepest tree query, each timed
  on its own, the heaviest with \`EXPLAIN (ANALYZE, BUFFERS)\`.

CI runs the whole pipeline at scale tiny for a fraction of a second per operation
(\`tests/bench/bench.test.ts\`), so the benchmark cannot rot; its figures mean nothing. The
national run (3.9 M members; loading alone takes about 15 minutes) is
\`npm run bench -- --scale national\`.`;
