import type { App } from './composition.ts';
import { collectStartupGarbage } from './processTuning.ts';

/** How long a graceful stop may take before the process exits anyway (orchestrators kill at ~10 s). */
export const STOP_DEADLINE_MS = 8000;

/**
 * Collects start-up's garbage (see collectStartupGarbage), listens, then on SIGTERM or SIGINT stops accepting turns,
 * lets in-flight ones finish, closes the store and exits 0. A second signal, or the deadline, exits at once.
 */
export async function runUntilSignalled(app: App): Promise<void> {
  collectStartupGarbage();
  await app.listen();
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) process.exit(0);
    stopping = true;
    app.logger.info('stopping', { signal });
    const deadline = setTimeout(() => {
      app.logger.warn('stop deadline reached; exiting with turns still in flight');
      process.exit(0);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    try {
      await app.stop();
      app.logger.info('stopped');
      process.exit(0);
    } catch (error) {
      app.logger.error('stop failed', { error });
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
