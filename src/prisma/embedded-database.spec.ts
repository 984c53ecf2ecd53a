import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedDatabase } from './embedded-database.js';

// PGlite runs initdb on a new data directory: a few seconds.
const SLOW = 60_000;

describe('startEmbeddedDatabase', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'keystep-pglite-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  it(
    'keeps the data written before a stop, in a data directory whose parents it creates',
    async () => {
      const dataDir = join(await tempDir(), 'nested', 'pglite');

      const first = await startEmbeddedDatabase({ dataDir });
      const writer = new pg.Client({ connectionString: first.url });
      await writer.connect();
      await writer.query('CREATE TABLE kept (value text)');
      await writer.query("INSERT INTO kept VALUES ('written before the stop')");
      await writer.end();
      await first.stop();

      const second = await startEmbeddedDatabase({ dataDir });
      cleanups.push(() => second.stop());
      const reader = new pg.Client({ connectionString: second.url });
      await reader.connect();
      cleanups.push(() => reader.end());
      const { rows } = await reader.query('SELECT value FROM kept');
      expect(rows).toEqual([{ value: 'written before the stop' }]);
    },
    SLOW,
  );

  it(
    'refuses to open a data directory that is already open',
    async () => {
      const dataDir = join(await tempDir(), 'pglite');
      const db = await startEmbeddedDatabase({ dataDir });
      cleanups.push(() => db.stop());

      const second = startEmbeddedDatabase({ dataDir });
      second.then((opened) => opened.stop(), () => {}); // should it open anyway, do not leave it running

      await expect(second).rejects.toThrow(/already open/);
    },
    SLOW,
  );

  it(
    'gives each query of a pool of 10 its own rows through bursts with failures and a transaction',
    async () => {
      const db = await startEmbeddedDatabase({ inMemory: true });
      cleanups.push(() => db.stop());
      const pool = new pg.Pool({ connectionString: db.url, max: 10 });
      cleanups.push(() => pool.end());

      for (let round = 0; round < 5; round++) {
        // A transaction holds the other connections back, so their messages pile up meanwhile.
        const transaction = (async () => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            for (let step = 0; step < 3; step++) {
              await client.query('SELECT $1::int AS step', [step]);
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        })();
        // Two query shapes with one parameter each: a query bound to the other's statement would
        // not fail, it would answer with the wrong number.
        const burst = Array.from({ length: 30 }, (_, i) =>
          i % 3 === 0
            ? pool.query('SELECT * FROM no_such_table WHERE id = $1', [i])
            : pool.query(i % 2 ? 'SELECT $1::int AS n' : 'SELECT $1::int * 1000 AS n', [i]),
        );
        const [done, ...results] = await Promise.allSettled([transaction, ...burst]);

        expect(done.status).toBe('fulfilled');
        results.forEach((result, i) => {
          const n = i % 2 ? i : i * 1000;
          const expected = i % 3 === 0
            ? { status: 'rejected', reason: { code: '42P01' } }
            : { status: 'fulfilled', value: { rows: [{ n }] } };
          expect(result).toMatchObject(expected);
        });
      }
      await expect(pool.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    },
    SLOW,
  );
});
