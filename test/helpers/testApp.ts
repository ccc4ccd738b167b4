import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../services/log/logger.ts';
import type { Logger } from '../../services/log/logger.ts';

export interface RunningApp {
  app: App;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The real server, composed from configuration as `npm start` does, on 127.0.0.1 port 0 and a fresh DATA_DIR. */
export async function startTestApp(env: Record<string, string> = {}, logger: Logger = silentLogger): Promise<RunningApp> {
  const dataDir = env.DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'certbot-')));
  const app = await compose(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }), { logger });
  const address = await app.listen();
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    async stop() {
      await app.stop();
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
