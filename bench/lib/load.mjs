// HTTP load with the autocannon CLI, run as its own child process (its own event loop, like a real
// client). Secrets in headers and bodies are passed for real but shown as placeholders.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runToEnd } from './processes.mjs';

const require = createRequire(import.meta.url);
const AUTOCANNON = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

/**
 * @param {object} options
 * @param {string} options.url
 * @param {number} options.connections
 * @param {number} options.duration seconds measured
 * @param {number} options.warmup seconds of load before measuring (same connection count)
 * @param {string} [options.method]
 * @param {Array<{name: string, value: string, shown?: string}>} [options.headers]
 * @param {{value: string, shown?: string}} [options.body]
 */
export async function autocannon({ url, connections, duration, warmup, method = 'GET', headers = [], body }) {
  const real = [];
  const shown = [];
  const add = (flag, value, display = value) => {
    real.push(flag, value);
    shown.push(flag, display);
  };
  add('-c', String(connections));
  add('-d', String(duration));
  if (warmup > 0) {
    const bracket = ['[', '-c', String(connections), '-d', String(warmup), ']'];
    real.push('--warmup', ...bracket);
    shown.push('--warmup', ...bracket);
  }
  if (method !== 'GET') add('-m', method);
  for (const header of headers) add('-H', `${header.name}=${header.value}`, `${header.name}=${header.shown ?? header.value}`);
  if (body) add('-b', body.value, body.shown ?? body.value);
  real.push('-j', url);
  shown.push('-j', url);

  const stdout = await runToEnd({ name: 'autocannon', command: process.execPath, args: [AUTOCANNON, ...real], env: process.env });
  // With --warmup the CLI prints more than one JSON line; the measured run is the last one.
  const lines = stdout.trim().split('\n').filter((line) => line.startsWith('{'));
  const result = JSON.parse(lines.at(-1));
  return {
    command: `npx autocannon ${shown.map(quote).join(' ')}`,
    rate: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    // Everything the server answered during the command, warm-up included (for CPU per request).
    answered: result.requests.total + (result.warmup?.requests?.total ?? 0),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function quote(arg) {
  return /^[\w@%+=:,./<>-]+$/.test(arg) && !/[<>]/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
