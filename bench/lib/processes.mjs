// Child processes of a run: servers (started, awaited, stopped) and load generators (run to the end).
// Every child is tracked so that a failure or Ctrl-C stops all of them before the database is dropped.
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const live = new Set();
const STDERR_TAIL = 8192;

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released for the child to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** An empty working folder, so a developer's `.env` in the project root is never read by a server. */
export function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), 'keystep-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts a server and waits until `readyPath` answers. Its stdout (the request log) goes to
 * BENCH_LOG_DIR/<name>.log when set, else to /dev/null: a log consumer in this process would compete
 * with the server for the same two cores.
 */
export async function startServer({ name, command, args, env, cwd, port, readyPath, timeoutMs = 60_000 }) {
  const logDir = process.env.BENCH_LOG_DIR;
  const stdoutFd = openSync(logDir ? join(logDir, `${name}.log`) : '/dev/null', 'a');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', stdoutFd, 'pipe'] });
  closeSync(stdoutFd);
  const handle = track(child, name);

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.exited) throw new Error(`${name} exited during start (code ${child.exitCode}):\n${handle.stderr()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${readyPath}`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return { ...handle, port, url: `http://127.0.0.1:${port}` };
    } catch {
      await sleep(100);
    }
  }
  await handle.stop();
  throw new Error(`${name} did not answer on port ${port} within ${timeoutMs} ms:\n${handle.stderr()}`);
}

/**
 * Runs a command to completion and returns its stdout; rejects with its stderr on a non-zero exit.
 * `input` is written to its stdin (how secrets reach a child without showing in its command line).
 */
export function runToEnd({ name, command, args, env, cwd, input }) {
  const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const handle = track(child, name);
  if (input !== undefined) child.stdin.end(input);
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${handle.stderr()}`));
    });
  });
}

/** Stops every child still running: SIGTERM, then SIGKILL after a grace period. */
export async function stopAll() {
  await Promise.all([...live].map((handle) => handle.stop()));
}

function track(child, name) {
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });
  const exitedPromise = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', resolve);
  });
  const handle = {
    name,
    pid: child.pid,
    exited: false,
    stderr: () => stderr.trim(),
    async stop(graceMs = 5000) {
      if (handle.exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
  live.add(handle);
  exitedPromise.then(() => {
    handle.exited = true;
    live.delete(handle);
  });
  return handle;
}
