// The run's own database on the machine's Postgres: uniquely named, migrated with the built
// migration runner, dropped at the end (the caller registers `drop` with the cleanup list).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL) {
  const name = `keystep_bench_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = {
    name,
    url: url.toString(),
    async drop() {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
  try {
    // Built ESM (npm run bench builds first); imported late so a missing build fails with a clear path.
    const { applyMigrations } = await import('../../dist/src/prisma/migrations/schema-engine.js');
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop().catch(() => {});
    throw error;
  }
  return database;
}

async function adminQuery(serverUrl, sql) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Lets Postgres catch up before a write-heavy run: each refresh run leaves tens of thousands of new
 * rows and their WAL behind, and the autovacuum and checkpoint they trigger would otherwise land on
 * whichever run comes next. VACUUM ANALYZE then CHECKPOINT start every run from the same state.
 */
export async function settleDatabase(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
