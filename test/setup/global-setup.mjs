// A throwaway, migrated database for the e2e run: a uniquely named database on the Postgres server
// named by TEST_DATABASE_URL or DATABASE_URL, or else an in-memory embedded PGlite. Test workers
// inherit the DATABASE_URL set here. Jest loads global setup outside its ESM test runtime, so this
// file uses the compiled modules (`npm run test:e2e` builds them first).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase } from '../../dist/src/prisma/embedded-database.js';
import { applyMigrations } from '../../dist/src/prisma/migrations/schema-engine.js';

export default async function globalSetup() {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `keystep_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    globalThis.__KEYSTEP_TEST_DB__ = { kind: 'server', serverUrl, name };
  } else {
    const embedded = await startEmbeddedDatabase({ inMemory: true });
    process.env.DATABASE_URL = embedded.url;
    // The embedded server takes a limited number of connections for all workers together.
    process.env.DATABASE_POOL_SIZE ??= '3';
    globalThis.__KEYSTEP_TEST_DB__ = { kind: 'embedded', stop: embedded.stop };
  }
  await applyMigrations(process.env.DATABASE_URL);
}
