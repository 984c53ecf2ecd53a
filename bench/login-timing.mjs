// Login timing: does a failed login take as long for an unknown email as for a registered one with a
// wrong password? A measurable gap tells an attacker which emails have accounts. Not a test: a
// measurement to run on a quiet machine (npm run build first).
//
//   node bench/login-timing.mjs
//
// Environment: TIMING_ATTEMPTS (measured attempts per kind, default 300), TIMING_WARMUP (discarded
// attempts per kind first, default 30), BENCH_DATABASE_URL (Postgres server on which a throwaway
// database is created and dropped; default postgresql://postgres@127.0.0.1:5432/postgres).
import { randomUUID } from 'node:crypto';
import { createBenchDatabase } from './lib/database.mjs';
import { jsonClient } from './lib/http.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { startKeystep } from './lib/keystep.mjs';
import { scratchDir } from './lib/processes.mjs';
import { machineLine } from './lib/report.mjs';
import { percentile } from './lib/stats.mjs';

const ATTEMPTS = positive('TIMING_ATTEMPTS', 300);
const WARMUP = positive('TIMING_WARMUP', 30, true);
/** The medians of the two kinds should differ by less than this. */
const TARGET = 0.05;

const { cleanups, cleanup } = createCleanup('stopping the server and dropping the database...');

try {
  await main();
} catch (error) {
  console.error(`\nLogin timing failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main() {
  console.log(`Login timing | ${machineLine()}`);
  if (WARMUP + ATTEMPTS >= 1000) throw new Error('TIMING_WARMUP + TIMING_ATTEMPTS must stay under LOCKOUT_THRESHOLD (1000)');
  const database = await createBenchDatabase();
  cleanups.push(() => database.drop());
  const scratch = scratchDir();
  cleanups.push(async () => scratch.remove());

  // LOG_LEVEL=warn: no request line per attempt. The limits never step in: every attempt reaches the
  // password check (see startKeystep).
  const server = await startKeystep({ databaseUrl: database.url, cwd: scratch.dir, vars: { LOG_LEVEL: 'warn' } });

  const client = jsonClient(server.url, { maxSockets: 1 });
  cleanups.push(async () => client.close());
  const email = `timing-${randomUUID()}@example.com`;
  const registered = await client.request('POST', '/auth/register', { email, password: `pw-${randomUUID()}` });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);

  const kinds = {
    'unknown email': () => ({ email: `nobody-${randomUUID()}@example.com`, password: `guess-${randomUUID()}` }),
    'wrong password': () => ({ email, password: `guess-${randomUUID()}` }),
  };
  const samples = { 'unknown email': [], 'wrong password': [] };
  // One request at a time, in ABBA order, so that drift in the machine's load hits both kinds alike.
  const order = ['unknown email', 'wrong password', 'wrong password', 'unknown email'];
  for (let i = 0; i < (WARMUP + ATTEMPTS) * 2; i++) {
    const kind = order[i % order.length];
    const started = performance.now();
    const answer = await client.request('POST', '/auth/login', kinds[kind]());
    const elapsed = performance.now() - started;
    if (answer.status !== 401 || answer.body?.error !== 'invalid_credentials') {
      throw new Error(`a failed login (${kind}) answered ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    if (i >= WARMUP * 2) samples[kind].push(elapsed);
  }

  const stats = Object.fromEntries(
    Object.entries(samples).map(([kind, values]) => {
      const sorted = Float64Array.from(values).sort();
      return [kind, { n: sorted.length, p25: percentile(sorted, 0.25), p50: percentile(sorted, 0.5), p75: percentile(sorted, 0.75), p90: percentile(sorted, 0.9) }];
    }),
  );
  console.log(`\n${ATTEMPTS} measured failed logins of each kind after ${WARMUP} discarded, one at a time, alternating (ABBA):\n`);
  console.log('| kind | n | p25 | median | p75 | p90 |');
  console.log('|---|---|---|---|---|---|');
  for (const [kind, row] of Object.entries(stats)) {
    console.log(`| ${kind} | ${row.n} | ${ms(row.p25)} | ${ms(row.p50)} | ${ms(row.p75)} | ${ms(row.p90)} |`);
  }
  const ratio = stats['wrong password'].p50 / stats['unknown email'].p50;
  const met = Math.abs(ratio - 1) <= TARGET;
  console.log(`\nmedian ratio (wrong password / unknown email): ${ratio.toFixed(3)} | target within ${TARGET * 100}%: ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 2;
}

function ms(value) {
  return `${value.toFixed(2)} ms`;
}

function positive(name, fallback, allowZero = false) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}
