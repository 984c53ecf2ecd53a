// Load for the refresh scenario: one client per session read from stdin (a JSON array of
// {sessionId, refreshToken}, each from its own login), each looping POST /auth/token with the
// refresh token it got last. A client whose refresh fails stops (its next token is unknown; going on
// would replay a used one). Prints one JSON line: rotations/s, p50/p99 (ms), status counts and, per
// session, the successes and the hash of the token it holds at the end.
// Run: echo '[{"sessionId":...,"refreshToken":...}, ...]' | BENCH_URL=http://127.0.0.1:PORT node bench/clients/refresh-loop.mjs
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { jsonClient } from '../lib/http.mjs';
import { Recorder, timedLoops } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
  },
});
const url = process.env.BENCH_URL;
if (!url) throw new Error('BENCH_URL is required');
const sha256 = (token) => createHash('sha256').update(token).digest('base64url');

const clients = JSON.parse(await text(process.stdin)).map((session) => ({
  sessionId: session.sessionId,
  token: session.refreshToken,
  successes: 0,
  failedWith: undefined,
}));
const http = jsonClient(url, { maxSockets: clients.length });

const statuses = {};
const recorder = new Recorder();
const summary = await timedLoops({
  concurrency: clients.length,
  warmup: Number(values.warmup),
  duration: Number(values.duration),
  recorder,
  async worker(index, running) {
    const client = clients[index];
    while (running()) {
      const started = performance.now();
      let response;
      try {
        response = await http.request('POST', '/auth/token', { refreshToken: client.token });
      } catch (error) {
        client.failedWith = `network: ${error.code ?? error.message}`;
        statuses.network = (statuses.network ?? 0) + 1;
        return;
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status !== 200 || typeof response.body?.refreshToken !== 'string') {
        client.failedWith = String(response.status);
        return;
      }
      recorder.record(performance.now() - started);
      client.token = response.body.refreshToken;
      client.successes += 1;
    }
  },
});
http.close();
const sessions = clients.map((client) => ({
  sessionId: client.sessionId,
  successes: client.successes,
  tokenHash: sha256(client.token),
  failedWith: client.failedWith,
}));
process.stdout.write(`${JSON.stringify({ ...summary, statuses, sessions })}\n`);
