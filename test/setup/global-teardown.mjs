// Drops the run's database (or stops the embedded one), so a test run leaves nothing behind.
import pg from 'pg';

export default async function globalTeardown() {
  const database = globalThis.__KEYSTEP_TEST_DB__;
  if (!database) return;
  if (database.kind === 'embedded') {
    await database.stop();
    return;
  }
  const admin = new pg.Client({ connectionString: database.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
  await admin.end();
}
