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
