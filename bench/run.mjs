// Keystep benchmark suite: each scenario measures Keystep and its baseline in the same run, every
// server in its own child process on 127.0.0.1, and reports the ratio. See bench/README.md.
//
//   npm run bench                       all scenarios (builds first)
//   node bench/run.mjs health me        only some: health, me, login, refresh, split
//
// Environment: BENCH_DURATION (s measured, default 10), BENCH_WARMUP (s, default 3),
// BENCH_REFRESH_WARMUP (s, default 15), BENCH_CONNECTIONS (default 50), BENCH_LOGIN_CONCURRENCY
// (default 8), BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_LOG_DIR (keep the servers' logs there), BENCH_WARN=0 (skip the LOG_LEVEL=warn runs).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { cpuMs, cpuPerOp } from './lib/cpu.mjs';
import { createBenchDatabase, settleDatabase } from './lib/database.mjs';
import { jsonClient, jwtHeader, jwtPayload } from './lib/http.mjs';
import { autocannon, quote } from './lib/load.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { freePort, runToEnd, scratchDir, startServer } from './lib/processes.mjs';
import { fmt, loadLine, machineLine, markdownTable, printRow } from './lib/report.mjs';
import { checkRotations } from './lib/rotation-check.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIOS = ['health', 'me', 'login', 'refresh', 'split'];

const settings = {
  duration: positive('BENCH_DURATION', 10),
  warmup: positive('BENCH_WARMUP', 3),
  // The rotation path runs a few hundred times a second at most here: it needs longer than the
  // HTTP-only scenarios to reach its steady (JIT-compiled) speed.
  refreshWarmup: positive('BENCH_REFRESH_WARMUP', 15),
  connections: positive('BENCH_CONNECTIONS', 50),
  loginConcurrency: positive('BENCH_LOGIN_CONCURRENCY', 8),
  // Keystep's default DATABASE_POOL_SIZE; the raw SQL baseline gets the same pool.
  poolSize: 10,
  warn: process.env.BENCH_WARN !== '0',
};
// A LOG_LEVEL=warn figure gets its own table line when it differs from the info one by more than this.
const LARGE_LOG_DIFFERENCE = 0.1;

const selected = process.argv.slice(2);
for (const name of selected) {
  if (!SCENARIOS.includes(name)) fail(`Unknown scenario "${name}"; choose from ${SCENARIOS.join(', ')}`);
}
const wanted = (name) => selected.length === 0 || selected.includes(name);

const { cleanups, cleanup, state } = createCleanup('stopping servers and dropping the bench database...');

const rows = [];
const started = Date.now();
try {
  await main();
} catch (error) {
  if (!state.interrupted) console.error(`\nBenchmark failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main() {
  console.log(`Keystep benchmarks | ${machineLine()}`);
  console.log(
    `${settings.duration}s measured after ${settings.warmup}s warm-up (refresh: ${settings.refreshWarmup}s), ${settings.connections} connections unless stated. ` +
      'Client and servers share this machine: compare ratios, not absolute figures.\n' +
      'CPU/op: CPU time of the measured process (the server, or the raw baseline process itself; Postgres not included) per operation, ' +
      'over warm-up + measured run for autocannon rows, over the measured window for the others.\n',
  );

  const database = await createBenchDatabase();
  cleanups.push(() => database.drop());
  const scratch = scratchDir();
  cleanups.push(async () => scratch.remove());

  // Everything production insists on, fresh for this run: HS256 secrets and an Ed25519 key for
  // asymmetric access tokens (a build that does not know a variable ignores it).
  const secrets = {
    JWT_PRIVATE_KEYS: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ACCESS_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    REFRESH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    TOTP_ENCRYPTION_KEY: randomBytes(48).toString('base64url'),
  };
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? 'C.UTF-8' };
  // The verified-token cache makes a repeated token cheap; one extra server shows /auth/me without it.
  const hasTokenCache = readFileSync(join(ROOT, 'dist/src/config/env.schema.js'), 'utf8').includes('ACCESS_TOKEN_CACHE_SIZE');

  // Each Keystep server gets only the secrets its role and algorithm read (scenarios 1-4: all of them).
  const ALL_SECRETS = Object.keys(secrets);
  const HS256_SECRETS = ['ACCESS_TOKEN_SECRET', 'REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY'];
  const AUTH_SECRETS = ['JWT_PRIVATE_KEYS', 'REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY'];
  const NO_CACHE = { ACCESS_TOKEN_CACHE_SIZE: '0' };
  // The api role holds no secret and no private key: it verifies with the auth process's public keys.
  const apiVars = async () => ({ APP_ROLE: 'api', JWKS_URL: `${(await server('keystep-auth')).url}/.well-known/jwks.json` });
  const keystepVariants = {
    keystep: { vars: { LOG_LEVEL: 'info' }, secrets: ALL_SECRETS },
    'keystep-warn': { vars: { LOG_LEVEL: 'warn' }, secrets: ALL_SECRETS },
    'keystep-nocache': { vars: { LOG_LEVEL: 'info', ...NO_CACHE }, secrets: ALL_SECRETS },
    // Scenario 5: one process with a symmetric key vs an auth/api split with EdDSA.
    'keystep-hs256': { vars: { LOG_LEVEL: 'info', APP_ROLE: 'all', ACCESS_TOKEN_ALGORITHM: 'HS256' }, secrets: HS256_SECRETS },
    'keystep-hs256-nocache': { vars: { LOG_LEVEL: 'info', APP_ROLE: 'all', ACCESS_TOKEN_ALGORITHM: 'HS256', ...NO_CACHE }, secrets: HS256_SECRETS },
    'keystep-auth': { vars: { LOG_LEVEL: 'info', APP_ROLE: 'auth' }, secrets: AUTH_SECRETS },
    'keystep-api': { vars: async () => ({ LOG_LEVEL: 'info', ...(await apiVars()) }), secrets: [] },
    'keystep-api-nocache': { vars: async () => ({ LOG_LEVEL: 'info', ...(await apiVars()), ...NO_CACHE }), secrets: [] },
  };
  const servers = new Map();
  /** Starts each server once, on first use, and keeps it for the scenarios after. */
  async function server(name) {
    if (!servers.has(name)) servers.set(name, await launch(name));
    return servers.get(name);
  }
  async function launch(name) {
    const port = await freePort();
    const variant = keystepVariants[name];
    if (variant) {
      const chosenSecrets = Object.fromEntries(variant.secrets.map((key) => [key, secrets[key]]));
      const vars = {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: database.url,
        // The schema's maximum; far above what any scenario sends from one IP in a minute.
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOCKOUT_THRESHOLD: '1000',
        ...(typeof variant.vars === 'function' ? await variant.vars() : variant.vars),
        ...chosenSecrets,
      };
      const shownVars = { ...vars };
      for (const key of variant.secrets) shownVars[key] = key === 'JWT_PRIVATE_KEYS' ? '<Ed25519 PKCS#8 PEM>' : '<random 48 bytes>';
      const handle = await startServer({
        name,
        command: process.execPath,
        args: [join(ROOT, 'dist/src/main.js')],
        env: { ...baseEnv, ...vars },
        cwd: scratch.dir,
        port,
        readyPath: '/health',
      });
      return { ...handle, command: `${envLine(shownVars)} node dist/src/main.js` };
    }
    if (name === 'hello') {
      const handle = await startServer({
        name,
        command: process.execPath,
        args: [join(ROOT, 'bench/baselines/nest-fastify-hello.mjs')],
        env: { ...baseEnv, PORT: String(port) },
        cwd: ROOT,
        port,
        readyPath: '/hello',
      });
      return { ...handle, command: `PORT=${port} node bench/baselines/nest-fastify-hello.mjs` };
    }
    if (name === 'express') {
      // The tutorial's secret: 64 random bytes as hex, handed over as a string.
      const secret = randomBytes(64).toString('hex');
      const handle = await startServer({
        name,
        command: process.execPath,
        args: [join(ROOT, 'bench/baselines/express-jwt-tutorial.mjs')],
        env: { ...baseEnv, PORT: String(port), ACCESS_TOKEN_SECRET: secret },
        cwd: ROOT,
        port,
        readyPath: '/posts',
      });
      return {
        ...handle,
        secret,
        command: `PORT=${port} ACCESS_TOKEN_SECRET=<random 64 bytes hex> node bench/baselines/express-jwt-tutorial.mjs`,
      };
    }
    throw new Error(`unknown server ${name}`);
  }

  // Every server the chosen scenarios need starts now, before any measurement: all of them load the
  // same build, and one that cannot start fails the run early.
  const needed = new Set();
  if (['health', 'me', 'login', 'refresh'].some(wanted)) needed.add('keystep');
  if (wanted('health') || wanted('me') || wanted('split')) needed.add('hello');
  if (wanted('me')) needed.add('express');
  if (wanted('me') && hasTokenCache) needed.add('keystep-nocache');
  if (settings.warn && (wanted('health') || wanted('me') || wanted('refresh'))) needed.add('keystep-warn');
  if (wanted('split')) {
    for (const name of ['keystep-hs256', 'keystep-auth', 'keystep-api']) needed.add(name);
    if (hasTokenCache) for (const name of ['keystep-hs256-nocache', 'keystep-api-nocache']) needed.add(name);
  }
  for (const name of needed) await server(name);

  // One registered user for every scenario (all servers share the database); scenario 5 alone
  // registers it at its auth process.
  const user = { email: `bench-${randomBytes(6).toString('hex')}@example.com`, password: `Bench-${randomBytes(18).toString('base64url')}` };
  {
    const http = jsonClient((await server(needed.has('keystep') ? 'keystep' : 'keystep-auth')).url);
    const registered = await http.request('POST', '/auth/register', user);
    http.close();
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    user.id = registered.body.id;
  }
  /** `count` fresh logins (sessions) on a server, a few at a time. */
  async function logins(name, count) {
    const http = jsonClient((await server(name)).url);
    const pairs = [];
    try {
      while (pairs.length < count) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(4, count - pairs.length) }, () =>
            http.request('POST', '/auth/login', { email: user.email, password: user.password }),
          ),
        );
        for (const response of batch) {
          if (response.status !== 200) throw new Error(`login answered ${response.status}`);
          pairs.push(response.body);
        }
      }
    } finally {
      http.close();
    }
    return pairs;
  }

  /** autocannon against one server, with the server's CPU per answered request. */
  async function load(target, path, options = {}) {
    const before = cpuMs(target.pid);
    const result = await autocannon({
      url: `${target.url}${path}`,
      connections: settings.connections,
      duration: settings.duration,
      warmup: settings.warmup,
      ...options,
    });
    return { ...result, cpuUsPerOp: cpuPerOp(before, cpuMs(target.pid), result.answered) };
  }
  const bearer = (token) => [{ name: 'authorization', value: `Bearer ${token}`, shown: 'Bearer <access token>' }];

  if (wanted('health')) {
    heading('1. GET /health: Keystep vs a bare NestJS-on-Fastify hello (50 connections)');
    const hello = await server('hello');
    const baseRow = record({ scenario: '1', subject: 'bare Nest+Fastify GET /hello', result: await load(hello, '/hello'), server: hello });
    const keystep = await server('keystep');
    const infoRow = record({
      scenario: '1',
      subject: 'Keystep GET /health (LOG_LEVEL=info)',
      result: await load(keystep, '/health'),
      server: keystep,
      baseline: baseRow,
    });
    await warnLine({
      scenario: '1',
      subject: 'Keystep GET /health (LOG_LEVEL=warn)',
      infoRow,
      baseline: baseRow,
      measure: (warn) => load(warn, '/health'),
    });
  }

  if (wanted('me')) {
    heading('2. GET /auth/me with a valid access token: vs the bare hello and vs the Express JWT tutorial (50 connections)');
    const hello = await server('hello');
    const helloRow = record({ scenario: '2', subject: 'bare Nest+Fastify GET /hello', result: await load(hello, '/hello'), server: hello });

    const tutorial = await server('express');
    const tutorialToken = jwt.sign({ name: 'Kyle' }, tutorial.secret, { expiresIn: '1h' });
    const expressRow = record({
      scenario: '2',
      subject: 'Express JWT tutorial GET /posts',
      result: await load(tutorial, '/posts', { headers: bearer(tutorialToken) }),
      server: tutorial,
    });

    const keystep = await server('keystep');
    const [{ accessToken }] = await logins('keystep', 1);
    const me = await load(keystep, '/auth/me', { headers: bearer(accessToken) });
    const meRow = record({ scenario: '2', subject: 'Keystep GET /auth/me (LOG_LEVEL=info)', result: me, server: keystep, baseline: helloRow, target: 0.7 });
    record({ scenario: '2', subject: 'Keystep GET /auth/me (LOG_LEVEL=info)', result: me, baseline: expressRow, target: 10, repeat: true });
    await warnLine({
      scenario: '2',
      subject: 'Keystep GET /auth/me (LOG_LEVEL=warn)',
      infoRow: meRow,
      baseline: helloRow,
      measure: async (warn) => load(warn, '/auth/me', { headers: bearer((await logins('keystep-warn', 1))[0].accessToken) }),
    });
    if (hasTokenCache) {
      // Every request above carries the same token, so all but the first hit the verified-token
      // cache; this line shows the price of a token the server has not seen yet.
      const nocache = await server('keystep-nocache');
      const [{ accessToken: token }] = await logins('keystep-nocache', 1);
      record({
        scenario: '2',
        subject: 'Keystep GET /auth/me, ACCESS_TOKEN_CACHE_SIZE=0',
        result: await load(nocache, '/auth/me', { headers: bearer(token) }),
        server: nocache,
        baseline: expressRow,
        notes: ['informational: every request verifies the signature, as the tutorial does'],
      });
    }
  }

  if (wanted('login')) {
    const c = settings.loginConcurrency;
    heading(`3. POST /auth/login vs raw argon2id verifications (m=19456, t=2, p=1), ${c} concurrent`);
    const args = ['bench/baselines/argon2-verify.mjs', '--concurrency', String(c), '--duration', String(settings.duration), '--warmup', String(settings.warmup)];
    const raw = JSON.parse(await runToEnd({ name: 'argon2', command: process.execPath, args, env: baseEnv, cwd: ROOT }));
    const rawRow = record({
      scenario: '3',
      subject: `raw argon2.verify x${c} (own process)`,
      result: { ...raw, command: `node ${args.map(quote).join(' ')}` },
      unit: 'verif/s',
    });
    const keystep = await server('keystep');
    const login = await load(keystep, '/auth/login', {
      connections: c,
      method: 'POST',
      headers: [{ name: 'content-type', value: 'application/json' }],
      body: { value: JSON.stringify({ email: user.email, password: user.password }), shown: '{"email":"<user>","password":"<password>"}' },
    });
    record({ scenario: '3', subject: `Keystep POST /auth/login x${c}`, result: login, server: keystep, baseline: rawRow, target: 0.9, unit: 'logins/s' });
  }

  if (wanted('refresh')) {
    const c = settings.connections;
    heading(`4. Refresh-token rotation, ${c} clients each on its own session: Keystep vs the same transaction as raw SQL (${settings.refreshWarmup}s warm-up)`);
    const timing = ['--duration', String(settings.duration), '--warmup', String(settings.refreshWarmup)];
    const sqlArgs = ['bench/baselines/sql-rotation.mjs', '--concurrency', String(c), '--pool', String(settings.poolSize), ...timing];
    await settleDatabase(database.url);
    const sql = JSON.parse(
      await runToEnd({ name: 'sql-rotation', command: process.execPath, args: sqlArgs, env: { ...baseEnv, DATABASE_URL: database.url, BENCH_USER_ID: user.id }, cwd: ROOT }),
    );
    const sqlRow = record({
      scenario: '4',
      subject: `raw SQL rotation (pg, pool ${settings.poolSize})`,
      result: { ...sql, command: `DATABASE_URL=${database.url} BENCH_USER_ID=<user id> node ${sqlArgs.map(quote).join(' ')}` },
      unit: 'rot/s',
      notes: [checkLine(sql, await checkRotations(database.url, sql.sessions))],
    });

    const refreshRun = async (name) => {
      const target = await server(name);
      const sessions = (await logins(name, c)).map((pair) => ({ sessionId: jwtPayload(pair.accessToken).sid, refreshToken: pair.refreshToken }));
      await settleDatabase(database.url);
      const args = ['bench/clients/refresh-loop.mjs', ...timing];
      // The server's CPU over the measured window only: the warm-up runs the rotation path cold.
      let atWindowStart;
      const timer = setTimeout(() => (atWindowStart = cpuMs(target.pid)), settings.refreshWarmup * 1000);
      let output;
      try {
        output = await runToEnd({ name: 'refresh-loop', command: process.execPath, args, env: { ...baseEnv, BENCH_URL: target.url }, cwd: ROOT, input: JSON.stringify(sessions) });
      } finally {
        clearTimeout(timer);
      }
      const atWindowEnd = cpuMs(target.pid);
      const result = JSON.parse(output);
      const problems = await checkRotations(database.url, result.sessions);
      const fiveHundreds = Object.entries(result.statuses).filter(([status]) => status.startsWith('5'));
      if (fiveHundreds.length > 0) problems.push(`5xx answers: ${JSON.stringify(Object.fromEntries(fiveHundreds))}`);
      return {
        result: {
          ...result,
          cpuUsPerOp: cpuPerOp(atWindowStart, atWindowEnd, result.total),
          command: `BENCH_URL=${target.url} node ${args.map(quote).join(' ')} < <${c} sessions from POST /auth/login, as JSON>`,
        },
        problems,
        target,
      };
    };
    const info = await refreshRun('keystep');
    const infoRow = record({
      scenario: '4',
      subject: 'Keystep POST /auth/token loop (LOG_LEVEL=info)',
      result: info.result,
      server: info.target,
      baseline: sqlRow,
      target: 0.6,
      unit: 'rot/s',
      notes: [checkLine(info.result, info.problems), p99Line(info.result.p99)],
      extraMet: info.problems.length === 0 && info.result.p99 <= 50,
    });
    await warnLine({
      scenario: '4',
      subject: 'Keystep POST /auth/token loop (LOG_LEVEL=warn)',
      infoRow,
      baseline: sqlRow,
      unit: 'rot/s',
      measure: async () => {
        const warn = await refreshRun('keystep-warn');
        return { ...warn.result, notes: [checkLine(warn.result, warn.problems), p99Line(warn.result.p99)] };
      },
    });
  }

  if (wanted('split')) {
    heading('5. GET /auth/me on the api role (EdDSA, keys from the auth process JWKS) vs a single HS256 process and vs the bare hello (50 connections)');
    const hello = await server('hello');
    const helloRow = record({ scenario: '5', subject: 'bare Nest+Fastify GET /hello', result: await load(hello, '/hello'), server: hello });
    const auth = await server('keystep-auth');

    /** A fresh access token from `issuer`, checked once at `verifier` (algorithm, 200, same user) before the load. */
    async function checkedToken(issuer, verifier, algorithm) {
      const [{ accessToken }] = await logins(issuer, 1);
      const { alg } = jwtHeader(accessToken);
      if (alg !== algorithm) throw new Error(`${issuer} signed its access token with ${alg}, expected ${algorithm}`);
      const response = await fetch(`${verifier.url}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = await response.json().catch(() => undefined);
      if (response.status !== 200 || body?.sub !== user.id) throw new Error(`${verifier.name}: GET /auth/me answered ${response.status} to a fresh token`);
      return accessToken;
    }
    /** The api role must not issue tokens: its login route does not exist. */
    async function checkApiRole(api) {
      const response = await fetch(`${api.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await response.arrayBuffer();
      if (response.status !== 404) throw new Error(`${api.name}: POST /auth/login answered ${response.status}, expected 404 on the api role`);
    }

    // Each single-process run is measured right before the api run it is compared with.
    const variants = [{ label: 'cache on', single: 'keystep-hs256', api: 'keystep-api' }];
    if (hasTokenCache) variants.push({ label: 'cache off', single: 'keystep-hs256-nocache', api: 'keystep-api-nocache' });
    const measured = [];
    for (const variant of variants) {
      const single = await server(variant.single);
      const singleToken = await checkedToken(variant.single, single, 'HS256');
      const singleRow = record({
        scenario: '5',
        subject: `Keystep single process HS256 GET /auth/me, ${variant.label}`,
        result: await load(single, '/auth/me', { headers: bearer(singleToken) }),
        server: single,
        baseline: helloRow,
      });

      const api = await server(variant.api);
      await checkApiRole(api);
      const apiToken = await checkedToken('keystep-auth', api, 'EdDSA');
      const authBefore = cpuMs(auth.pid);
      const result = await load(api, '/auth/me', { headers: bearer(apiToken) });
      const authCpu = cpuMs(auth.pid) - authBefore;
      // Near zero per request when the api role verifies on its own (it fetched the JWKS once, above).
      const notes = [
        Number.isFinite(authCpu)
          ? `auth process CPU during this run: ${authCpu} ms for ${result.answered} api requests (${((authCpu * 1000) / result.answered).toFixed(1)} us each)`
          : 'auth process CPU during this run: -',
      ];
      const previous = measured.at(-1);
      if (previous) {
        notes.push(
          `${fmt.ratio(result.rate / previous.single.rate)} vs ${previous.single.subject}; ${fmt.ratio(result.rate / previous.api.rate)} vs ${previous.api.subject}`,
        );
      }
      const subject = `Keystep api role EdDSA GET /auth/me, ${variant.label}`;
      const apiRow = record({ scenario: '5', subject, result, server: api, baseline: singleRow, notes });
      record({ scenario: '5', subject, result, baseline: helloRow, repeat: true });
      measured.push({ single: singleRow, api: apiRow });
    }
  }

  console.log(`\nSummary (${machineLine()}; total ${Math.round((Date.now() - started) / 1000)} s)\n`);
  console.log(markdownTable(rows));
  const missed = rows.filter((row) => row.target && !row.met);
  const verdict = rows.some((row) => row.target) ? '\nAll targets met.' : '\nNo targets in these scenarios.';
  console.log(missed.length === 0 ? verdict : `\nTargets missed: ${missed.map((row) => `#${row.scenario} ${row.subject} (${row.target})`).join('; ')}`);

  async function warnLine({ scenario, subject, infoRow, baseline, measure, unit }) {
    if (!settings.warn) return;
    const warn = await server('keystep-warn');
    const result = await measure(warn);
    const difference = result.rate / infoRow.rate - 1;
    if (Math.abs(difference) > LARGE_LOG_DIFFERENCE) {
      record({ scenario, subject, result, server: warn, baseline, unit, notes: result.notes });
    } else {
      const note = `LOG_LEVEL=warn: ${fmt.rate(result.rate)} ${unit ?? 'req/s'} (${difference >= 0 ? '+' : ''}${(difference * 100).toFixed(0)}% vs info, within ${LARGE_LOG_DIFFERENCE * 100}%: no line of its own)`;
      infoRow.notes.push(note);
      console.log(`      ${note}`);
    }
  }
}

/** Builds, prints and keeps one table row. */
function record({ scenario, subject, result, server, baseline, target, unit = 'req/s', notes = [], extraMet = true, repeat = false }) {
  const failures = (result.non2xx ?? 0) + (result.errors ?? 0);
  const row = {
    scenario,
    subject,
    unit,
    rate: result.rate,
    p50: result.p50,
    p99: result.p99,
    cpuUsPerOp: result.cpuUsPerOp,
    commands: repeat ? [] : [...(server ? [`server: ${server.command}`] : []), `load:   ${result.command}`],
    notes: [...notes, ...(failures ? [`non-2xx ${result.non2xx}, errors ${result.errors}: ${JSON.stringify(result.statusCodes)}`] : [])],
  };
  if (baseline) {
    row.ratio = result.rate / baseline.rate;
    row.versus = baseline.subject;
  }
  if (target !== undefined) {
    row.target = `>= ${target}x${scenario === '4' ? ', p99 <= 50 ms, checks pass' : ''}`;
    row.met = row.ratio >= target && extraMet && failures === 0;
  }
  rows.push(row);
  printRow(row);
  return row;
}

function checkLine(result, problems) {
  const successes = result.sessions.reduce((sum, session) => sum + session.successes, 0);
  const status = result.statuses ? `, statuses ${JSON.stringify(result.statuses)}` : '';
  return problems.length === 0
    ? `table check passed: ${result.sessions.length} sessions, ${successes} rotations incl. warm-up; per session rows = 1 + successes, tip = the client's token, no parent with two children${status}`
    : `TABLE CHECK FAILED (${problems.length}): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''}${status}`;
}

function p99Line(p99) {
  return `p99 ${fmt.ms(p99)}: ${p99 <= 50 ? 'within' : 'OVER'} the 50 ms target`;
}

function heading(text) {
  console.log(`\n${text}  [load average ${loadLine()}]`);
}

function envLine(vars) {
  return Object.entries(vars)
    .map(([key, value]) => `${key}=${quote(value)}`)
    .join(' ');
}

function positive(name, fallback) {
  const value = process.env[name] === undefined ? fallback : Number(process.env[name]);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} must be a positive number`);
  return value;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
