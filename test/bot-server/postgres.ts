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

/**
 * A database URL whose connections see only a new, empty schema, so tests
 * never share tables; migrated unless asked not to.
 */
export async function freshPostgres(url: string, options: { migrate?: boolean } = {}): Promise<string> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  if (options.migrate !== false) await PostgresStore.migrate(scoped.toString());
  return scoped.toString();
}
