// Baseline for the refresh scenario: the rotation of src/auth/sessions/refresh-rotation.service.ts
// (happy path) as raw SQL with `pg`, no HTTP, no Nest, no Prisma. `--concurrency` clients, each on
// its own session, share a pool of `--pool` connections (Keystep's DATABASE_POOL_SIZE, default 10).
// Prints one JSON line: rotations/s, p50/p99 (ms) and, per session, the successes and the hash of
// the token the client holds at the end (checked against the table by the runner).
// Run: DATABASE_URL=... BENCH_USER_ID=<uuid> node bench/baselines/sql-rotation.mjs --concurrency 50 --pool 10
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Recorder, timedLoops } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50' },
    pool: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
  },
});
const concurrency = Number(values.concurrency);
const userId = process.env.BENCH_USER_ID;
if (!process.env.DATABASE_URL || !userId) throw new Error('DATABASE_URL and BENCH_USER_ID are required');

const REFRESH_TTL_MS = 7 * 24 * 3600 * 1000;
const SESSION_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const sha256 = (token) => createHash('sha256').update(token).digest('base64url');
// About the length of Keystep's refresh JWT, so hashing and the unique index see similar input.
const newToken = () => randomBytes(240).toString('base64url');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(values.pool) });

// One session per client with its first token, as a login leaves it.
const clients = [];
for (let i = 0; i < concurrency; i += 1) {
  const now = new Date();
  const client = { sessionId: randomUUID(), tokenId: randomUUID(), token: newToken(), successes: 0 };
  await pool.query(
    `INSERT INTO "Session" (id, "userId", "authTime", amr, "expiresAt") VALUES ($1, $2, $3, $4, $5)`,
    [client.sessionId, userId, now, ['pwd'], new Date(now.getTime() + SESSION_MAX_AGE_MS)],
  );
  await pool.query(
    `INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "issuedAt", "expiresAt") VALUES ($1, $2, $3, $4, $5)`,
    [client.tokenId, client.sessionId, sha256(client.token), now, new Date(now.getTime() + REFRESH_TTL_MS)],
  );
  clients.push(client);
}

async function rotate(client) {
  const db = await pool.connect();
  try {
    const now = new Date();
    await db.query('BEGIN');
    const consumed = await db.query(
      `UPDATE "RefreshToken" SET "usedAt" = $3 WHERE id = $1 AND "tokenHash" = $2 AND "usedAt" IS NULL AND "expiresAt" > $3`,
      [client.tokenId, sha256(client.token), now],
    );
    const session = await db.query(
      `SELECT "userId", "revokedAt", "expiresAt", "authTime", amr FROM "Session" WHERE id = $1`,
      [client.sessionId],
    );
    const row = session.rows[0];
    if (consumed.rowCount !== 1 || !row || row.userId !== userId || row.revokedAt || row.expiresAt <= now) {
      throw new Error('rotation refused');
    }
    const successor = { id: randomUUID(), token: newToken() };
    await db.query(
      `INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "parentId", "issuedAt", "expiresAt") VALUES ($1, $2, $3, $4, $5, $6)`,
      [successor.id, client.sessionId, sha256(successor.token), client.tokenId, now, new Date(now.getTime() + REFRESH_TTL_MS)],
    );
    await db.query(`UPDATE "Session" SET "lastUsedAt" = $2 WHERE id = $1`, [client.sessionId, now]);
    await db.query('COMMIT');
    client.tokenId = successor.id;
    client.token = successor.token;
    client.successes += 1;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

const recorder = new Recorder();
const summary = await timedLoops({
  concurrency,
  warmup: Number(values.warmup),
  duration: Number(values.duration),
  recorder,
  async worker(index, running) {
    const client = clients[index];
    while (running()) {
      const started = performance.now();
      await rotate(client);
      recorder.record(performance.now() - started);
    }
  },
});
await pool.end();
const sessions = clients.map((client) => ({ sessionId: client.sessionId, successes: client.successes, tokenHash: sha256(client.token) }));
process.stdout.write(`${JSON.stringify({ ...summary, sessions })}\n`);
