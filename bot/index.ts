import { ConfigError, loadConfig } from './config.ts';
import { compose } from './composition.ts';
import { runUntilSignalled } from './lifecycle.ts';

try {
  const app = await compose(loadConfig());
  await runUntilSignalled(app);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
}
