import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createAccountServiceServer } from './accountService.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openBacking, openStore, openTenants } from './composition.ts';
import { seedDemoIfEmpty } from './fixture.ts';
import { createLogger } from '../services/log/logger.ts';
import { systemClock } from '../services/store/documentStore.ts';

/**
 * `npm run account-service`: the reference account service as a JSON API (services/accounts/openapi.yaml) on
 * ACCOUNT_SERVICE_PORT, bearer-protected by ACCOUNT_SERVICE_TOKEN, on its own store (DATA_DIR or MONGODB_URI).
 */
try {
  const config = loadConfig();
  if (config.ACCOUNT_SERVICE_URL) throw new ConfigError('ACCOUNT_SERVICE_URL: unset it to serve the reference service itself');
  const token = config.ACCOUNT_SERVICE_TOKEN ?? '';
  if (token.length < 16) throw new ConfigError('ACCOUNT_SERVICE_TOKEN: at least 16 characters are required');
  const logger = createLogger(config.LOG_LEVEL);
  const store = await openStore(config);
  const tenants = await openTenants(config, store);
  await seedDemoIfEmpty(store, { clock: systemClock, tenants, logger });
  const publicUrl = () => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const backing = await openBacking(config, { store, tenants, clock: systemClock, logger, publicUrl });
  const server = createAccountServiceServer(backing.accounts, { token, logger });
  server.listen(config.ACCOUNT_SERVICE_PORT, config.HOST);
  await once(server.server, 'listening');
  backing.outbox.start();
  const { port } = server.address() as AddressInfo;
  logger.info('listening', { url: `http://${config.HOST}:${port}`, service: 'accounts' });
  const stop = async (): Promise<void> => {
    server.close();
    await backing.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
}
