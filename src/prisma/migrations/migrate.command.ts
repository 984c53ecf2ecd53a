// `npm run db:migrate`: applies the pending migrations to DATABASE_URL or, in development
// without one, to the embedded database under .data/pglite.
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../embedded-database.js';
import { applyMigrations, oneLine, projectRoot } from './schema-engine.js';

async function migrate(): Promise<void> {
  const root = projectRoot();
  try {
    // Variables already set in the environment win over the file.
    process.loadEnvFile(join(root, '.env'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  const url = process.env.DATABASE_URL;
  if (url) {
    report(await applyMigrations(url), describe(url));
    return;
  }
  if (process.env.NODE_ENV === 'production') throw new Error('DATABASE_URL is not set');

  const dataDir = join(root, '.data', 'pglite');
  const db = await startEmbeddedDatabase({ dataDir });
  try {
    report(await applyMigrations(db.url), `the embedded database in ${dataDir}`);
  } finally {
    await db.stop();
  }
}

function report(applied: string[], target: string): void {
  if (applied.length === 0) {
    console.log(`No pending migration for ${target}.`);
    return;
  }
  console.log(`Applied ${applied.length} migration(s) to ${target}:`);
  for (const name of applied) console.log(`  ${name}`);
}

/** The URL without its credentials. */
function describe(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

migrate().catch((error: unknown) => {
  console.error(`db:migrate failed: ${oneLine(error)}`);
  process.exitCode = 1;
});
