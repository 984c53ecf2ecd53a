// `npm run db:migration:create -- <name>`: writes the next migration, the SQL that takes the
// database from the state of the existing migrations to the state of prisma/schema.prisma.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { diffMigrationsToSchema, MIGRATION_LOCK_TOML, oneLine, prismaPaths, projectRoot } from './schema-engine.js';

const NAME = /^[a-z0-9_]{1,100}$/;

/** Prisma's folder prefix: the UTC time as YYYYMMDDHHMMSS, so folders sort in creation order. */
function timestamp(now = new Date()): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

async function createMigration(args: string[]): Promise<void> {
  const [name] = args;
  if (args.length !== 1 || !name || !NAME.test(name)) {
    throw new Error('usage: npm run db:migration:create -- <name> (lower-case letters, digits and underscores)');
  }
  const paths = prismaPaths();
  const sql = await diffMigrationsToSchema(paths);
  if (!sql) {
    console.log('prisma/schema.prisma matches the migrations: no migration written.');
    return;
  }
  const dir = join(paths.migrations, `${timestamp()}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql, { flag: 'wx' });
  const lockFile = join(paths.migrations, 'migration_lock.toml');
  await writeFile(lockFile, MIGRATION_LOCK_TOML, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // an existing lock file is kept as it is
  });
  console.log(`Created ${relative(projectRoot(), join(dir, 'migration.sql'))}`);
}

createMigration(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`db:migration:create failed: ${oneLine(error)}`);
  process.exitCode = 1;
});
