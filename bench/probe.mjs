// Where the time of one Keystep operation goes: starts the built service as `npm run bench` does
// (production, fresh secrets and key, its own database), loads one operation, and prints the rate
// and the CPU per operation over the measured window: the server split into its main thread and the
// rest (libuv's pool, GC), Postgres, and the whole machine. No baseline and no target: this is for
// trying a change (a copy of the build, a flag, LOG_LEVEL) against the same figure, and for profiles.
//
//   node bench/probe.mjs me|login|refresh [--duration 10] [--warmup 3] [--connections 50]
//                        [--env NAME=VALUE ...] [--node-flag --cpu-prof --node-flag --cpu-prof-dir=prof]
//
// Linux only (the CPU figures come from /proc). Builds nothing: run `npm run build` first.
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCleanup } from './lib/cleanup.mjs';
import { cpuMs, machineCpuMs, processesCpuMs, threadCpuMs } from './lib/cpu.mjs';
import { createBenchDatabase, settleDatabase } from './lib/database.mjs';
import { jsonClient, jwtPayload } from './lib/http.mjs';
import { autocannon } from './lib/load.mjs';
import { startKeystep } from './lib/keystep.mjs';
import { runToEnd, scratchDir } from './lib/processes.mjs';
import { Recorder, timedLoops } from './lib/stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OPERATIONS = ['me', 'login', 'refresh'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    'node-flag': { type: 'string', multiple: true, default: [] },
  },
});
const operation = positionals[0];
if (!OPERATIONS.includes(operation)) {
  console.error(`usage: node bench/probe.mjs ${OPERATIONS.join('|')} [--duration s] [--warmup s] [--env NAME=VALUE] [--node-flag FLAG]`);
  process.exit(2);
}
const duration = Number(values.duration);
const warmup = Number(values.warmup);
// The bench's concurrency for each operation.
const connections = Number(values.connections ?? (operation === 'login' ? 8 : 50));

const { cleanups, cleanup } = createCleanup('stopping the server and dropping the probe database...');
try {
  await main();
} catch (error) {
  console.error(error.stack ?? error);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main() {
  const database = await createBenchDatabase();
  cleanups.push(() => database.drop());
  const scratch = scratchDir();
  cleanups.push(async () => scratch.remove());
  const extra = Object.fromEntries(values.env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const server = await startKeystep({ databaseUrl: database.url, cwd: scratch.dir, vars: extra, nodeFlags: values['node-flag'] });

  const http = jsonClient(server.url);
  const user = { email: `probe-${randomBytes(6).toString('hex')}@example.com`, password: `Probe-${randomBytes(18).toString('base64url')}` };
  if ((await http.request('POST', '/auth/register', user)).status !== 201) throw new Error('register failed');
  const login = async () => {
    const answer = await http.request('POST', '/auth/login', user);
    if (answer.status !== 200) throw new Error(`login answered ${answer.status}`);
    return answer.body;
  };

  // Readings at the start of the measured window (after the warm-up) and at its end.
  const read = () => ({ server: cpuMs(server.pid), threads: threadCpuMs(server.pid), postgres: processesCpuMs('postgres'), machine: machineCpuMs() });
  let start;
  const timer = setTimeout(() => (start = read()), warmup * 1000);
  let measured;
  try {
    measured = await load(operation, { server, login, user, databaseUrl: database.url });
  } finally {
    clearTimeout(timer);
  }
  const end = read();
  http.close();
  report(measured, start, end, server.pid);
}

/** Runs the operation's load; answers { rate, total, p50, p99 } for the measured window. */
async function load(name, { server, login, user, databaseUrl }) {
  if (name === 'me') {
    const { accessToken } = await login();
    const headers = [{ name: 'authorization', value: `Bearer ${accessToken}` }];
    const result = await autocannon({ url: `${server.url}/auth/me`, connections, duration, warmup, headers });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`GET /auth/me: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result;
  }
  if (name === 'login') {
    const client = jsonClient(server.url, { maxSockets: connections });
    const recorder = new Recorder();
    const summary = await timedLoops({
      concurrency: connections,
      warmup,
      duration,
      recorder,
      async worker(_index, running) {
        while (running()) {
          const started = performance.now();
          const answer = await client.request('POST', '/auth/login', user);
          if (answer.status !== 200) throw new Error(`login answered ${answer.status}`);
          recorder.record(performance.now() - started);
        }
      },
    });
    client.close();
    return summary;
  }
  const sessions = [];
  for (let i = 0; i < connections; i += 1) {
    const pair = await login();
    sessions.push({ sessionId: jwtPayload(pair.accessToken).sid, refreshToken: pair.refreshToken });
  }
  await settleDatabase(databaseUrl);
  const output = await runToEnd({
    name: 'refresh-loop',
    command: process.execPath,
    args: [join(ROOT, 'bench/clients/refresh-loop.mjs'), '--duration', String(duration), '--warmup', String(warmup)],
    env: { ...process.env, BENCH_URL: server.url },
    input: JSON.stringify(sessions),
  });
  return JSON.parse(output);
}

function report(measured, start, end, pid) {
  const ops = measured.total;
  const perOp = (ms) => `${((ms * 1000) / ops).toFixed(0)} us`;
  const main = (end.threads.get(String(pid)) ?? 0) - (start.threads.get(String(pid)) ?? 0);
  const server = end.server - start.server;
  let postgres = 0;
  for (const [backend, ms] of end.postgres) if (start.postgres.has(backend)) postgres += ms - start.postgres.get(backend);
  const busy = end.machine.busy - start.machine.busy;
  const idle = end.machine.idle - start.machine.idle;
  console.log(`${operation}: ${measured.rate.toFixed(1)}/s over ${duration} s after ${warmup} s, p50 ${measured.p50.toFixed(1)} ms, p99 ${measured.p99.toFixed(1)} ms`);
  console.log(`CPU per operation: server ${perOp(server)} (main thread ${perOp(main)}, other threads ${perOp(server - main)}), Postgres ${perOp(postgres)}, whole machine ${perOp(busy)} (${((100 * busy) / (busy + idle)).toFixed(0)}% busy)`);
}
