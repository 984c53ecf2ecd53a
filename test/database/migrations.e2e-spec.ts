import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/prisma/embedded-database.js';
import { applyMigrations, diffMigrationsToSchema, prismaPaths } from '../../src/prisma/migrations/schema-engine.js';

describe('database migrations', () => {
  it('schema.prisma and the migrations do not drift', async () => {
    // A failure shows the SQL of the missing migration: run `npm run db:migration:create -- <name>`.
    expect(await diffMigrationsToSchema()).toBe('');
  });

  it('reports a field added to schema.prisma as drift', async () => {
    // Guards the test above: a drift check that always answers "no drift" would pass it too.
    const dir = await mkdtemp(join(tmpdir(), 'keystep-drift-'));
    try {
      const { schema, migrations } = prismaPaths();
      const changed = (await readFile(schema, 'utf8')).replace('model Post {', 'model Post {\n  driftProbe String?');
      await writeFile(join(dir, 'schema.prisma'), changed);

      const drift = await diffMigrationsToSchema({ schema: join(dir, 'schema.prisma'), migrations });

      expect(drift).toMatch(/ALTER TABLE "Post" ADD COLUMN\s+"driftProbe" TEXT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('applies every migration to a fresh database, then none on a second run', async () => {
    const entries = await readdir(prismaPaths().migrations, { withFileTypes: true });
    const all = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    const db = await startEmbeddedDatabase({ inMemory: true });
    const client = new pg.Client({ connectionString: db.url });
    try {
      expect(await applyMigrations(db.url)).toEqual(all);
      expect(await applyMigrations(db.url)).toEqual([]);

      await client.connect();
      const { rows } = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM _prisma_migrations
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      expect(rows.map((row) => row.migration_name)).toEqual(all);
    } finally {
      await client.end();
      await db.stop();
    }
  });
});
