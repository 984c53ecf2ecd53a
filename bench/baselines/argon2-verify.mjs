// Baseline for the login scenario: raw argon2id verifications, with Keystep's default parameters,
// `--concurrency` at a time on libuv's default thread pool (as in the server). Prints one JSON line.
// Run: node bench/baselines/argon2-verify.mjs --concurrency 8 --duration 10 --warmup 3
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Recorder, timedLoops } from '../lib/stats.mjs';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
  },
});

const PARAMETERS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const password = randomBytes(18).toString('base64url');
const hash = await argon2.hash(password, PARAMETERS);

const recorder = new Recorder();
const summary = await timedLoops({
  concurrency: Number(values.concurrency),
  warmup: Number(values.warmup),
  duration: Number(values.duration),
  recorder,
  async worker(_index, running) {
    while (running()) {
      const started = performance.now();
      if (!(await argon2.verify(hash, password))) throw new Error('verification failed');
      recorder.record(performance.now() - started);
    }
  },
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
