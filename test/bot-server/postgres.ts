// The PostgreSQL the bot-server tests use: the cluster scripts/setup-postgres.sh
// starts (`.ci/run` does so and exports LAWFLOW_TEST_DATABASE_URL). Outside CI,
// without it, the PostgreSQL tests are skipped with a message saying how to
// run them; in CI (CI=true) its absence is a failure.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PostgresStore } from "../../examples/bot-server/postgres-store.ts";

let warned = false;

export function postgresUrl(): string | undefined {
  const url = process.env.LAWFLOW_TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.CI === "true" || process.env.CI === "1")
    throw new Error("CI: LAWFLOW_TEST_DATABASE_URL is not set; .ci/run starts PostgreSQL with scripts/setup-postgres.sh");
  if (!warned) {
    warned = true;
    console.warn('PostgreSQL tests skipped: run `eval "$(bash scripts/setup-postgres.sh start)"` first to include them');
  }
  return undefined;
}

/** How long a test schema is kept: longer than any test run, so a run never loses one it is still using. */
const SCHEMA_LIFETIME_MS = 60 * 60 * 1000;

/**
 * A database URL whose connections see only a new, empty schema, so tests
 * never share tables; migrated unless asked not to.
 *
 * A schema's name carries when it was made (`t_<ms in base 36>_<random>`),
 * and those of runs over an hour old are dropped: the cluster of a
 * developer's machine lives across runs, and the erasure test reads every
 * file of it, so what earlier runs left would otherwise slow it without end.
 */
export async function freshPostgres(url: string, options: { migrate?: boolean } = {}): Promise<string> {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE nspname ~ '^t_[0-9a-z]+_[0-9a-f]{12}$'");
    for (const { name } of rows)
      if (Date.now() - parseInt(name.split("_")[1]!, 36) > SCHEMA_LIFETIME_MS)
        // Another run may be dropping the same one.
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  if (options.migrate !== false) await PostgresStore.migrate(scoped.toString());
  return scoped.toString();
}
