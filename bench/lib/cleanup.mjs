import { stopAll } from './processes.mjs';

/**
 * Teardown shared by the bench scripts: stops every child server, then runs the registered steps
 * (dropping the database, removing the scratch folder) in reverse order, once, also on Ctrl-C.
 */
export function createCleanup(interruptMessage) {
  const steps = [];
  const state = { interrupted: false };
  let running;
  const cleanup = () =>
    (running ??= (async () => {
      await stopAll();
      for (const step of steps.reverse()) await step().catch((error) => console.error(`cleanup: ${error.message}`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      state.interrupted = true;
      console.error(`\n${signal}: ${interruptMessage}`);
      cleanup().finally(() => process.exit(130));
    });
  }
  return { cleanups: steps, cleanup, state };
}
