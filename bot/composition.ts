import { once } from 'node:events';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  TranscriptLoggerMiddleware,
  UserState,
} from 'botbuilder';
import type { Config } from './config.ts';
import { isLocalMode } from './config.ts';
import { createServer } from './server.ts';
import type { SupportServer } from './server.ts';
import { SupportBot } from './supportBot.ts';
import { turnErrorHandler } from './turnErrorHandler.ts';
import { localeMiddleware } from './middleware/localeMiddleware.ts';
import type { UserProfile } from './middleware/localeMiddleware.ts';
import { tenantMiddleware } from './middleware/tenantMiddleware.ts';
import { registerDirectLine } from './directLine/directLine.ts';
import { registerWebChatPage } from './webChatPage.ts';
import { MainDialog } from '../dialogs/mainDialog.ts';
import { createI18n } from '../services/i18n/i18n.ts';
import { createLogger } from '../services/log/logger.ts';
import type { Logger } from '../services/log/logger.ts';
import { KeywordNlu } from '../services/nlu/keywordNlu.ts';
import { redactActivity } from '../services/redaction/redact.ts';
import { BotStateStorage } from '../services/store/botStateStorage.ts';
import type { Clock, DocumentStore } from '../services/store/documentStore.ts';
import { systemClock } from '../services/store/documentStore.ts';
import { sharedSecret } from '../services/store/sharedSecret.ts';
import { FileDocumentStore } from '../services/store/fileDocumentStore.ts';
import { MongoDocumentStore } from '../services/store/mongoDocumentStore.ts';
import { StoreTranscriptStore } from '../services/store/transcriptStorage.ts';
import { builtInDemoTenant } from '../services/tenants/builtInDemoTenant.ts';
import { FileTenants } from '../services/tenants/fileTenants.ts';
import { StoreTenants } from '../services/tenants/storeTenants.ts';
import type { Tenants } from '../services/tenants/tenants.ts';

export interface App {
  config: Config;
  logger: Logger;
  store: DocumentStore;
  server: SupportServer;
  /** Starts listening on HOST:PORT; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Graceful stop: refuse new turns, finish in-flight ones, close connections and the store. */
  stop(): Promise<void>;
}

export interface ComposeOptions {
  logger?: Logger;
  clock?: Clock;
}

/** The composition root: the only place that reads configuration to choose adapters. */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const localMode = isLocalMode(config);
  if (localMode) {
    logger.warn('MicrosoftAppId is not set: local mode, /api/messages is unauthenticated and replies go to loopback only');
  }

  const store = await openStore(config, clock);
  const tenants = await openTenants(config, store, clock);
  const i18n = createI18n();

  const storage = new BotStateStorage(store);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  adapter.use(new TranscriptLoggerMiddleware(new StoreTranscriptStore(store, redactActivity)));
  adapter.use(tenantMiddleware(tenants, i18n));
  adapter.use(localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')));
  adapter.onTurnError = turnErrorHandler(logger, conversationState, i18n, tenants);

  const dialog = new MainDialog(KeywordNlu.load(), conversationState.createProperty<number>('misses'));
  const bot = new SupportBot(conversationState, userState, dialog);

  let origin = `http://${config.HOST}:${config.PORT}`;
  const defaultTenant = (await tenants.defaultTenant()).id;
  const tokenSecret = await sharedSecret(store, 'directLineTokens');
  let closeChannel = async (): Promise<void> => undefined;
  const server = createServer({
    adapter,
    bot,
    store,
    logger,
    localMode,
    extraRoutes: (restifyServer) => {
      registerWebChatPage(restifyServer, { pageTitle: (locale) => i18n.getFixedT(locale)('common:pageTitle'), defaultTenant });
      if (!localMode) return;
      const directLine = registerDirectLine(restifyServer, {
        store,
        tokenSecret,
        botEndpoint: () => `${origin}/api/messages`,
        serviceUrl: () => `${origin}/directline`,
        defaultTenant,
        logger,
        clock,
      });
      closeChannel = () => directLine.close();
    },
  });

  const http = server.server.server;
  return {
    config,
    logger,
    store,
    server,
    async listen() {
      http.listen(config.PORT, config.HOST);
      await once(http, 'listening');
      const address = http.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      origin = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
      logger.info('listening', { url: `http://${host}:${address.port}`, store: config.MONGODB_URI ? 'mongodb' : 'file' });
      return address;
    },
    async stop() {
      const closed = once(http, 'close');
      http.close();
      http.closeIdleConnections();
      await server.drain();
      await closeChannel();
      // Responses of the drained turns are written by now; their keep-alive connections are idle.
      http.closeIdleConnections();
      await closed;
      await store.close();
    },
  };
}

/** The configured document store: MongoDB when MONGODB_URI is set, else the embedded file store. */
export async function openStore(config: Config, clock: Clock = systemClock): Promise<DocumentStore> {
  return config.MONGODB_URI
    ? await MongoDocumentStore.connect(config.MONGODB_URI, config.MONGODB_DB, clock)
    : await FileDocumentStore.open(path.resolve(config.DATA_DIR), clock);
}

/** Seeded tenants over TENANTS_FILE (or the built-in demo tenant). */
export async function openTenants(config: Config, store: DocumentStore, clock: Clock = systemClock): Promise<Tenants> {
  const configured = config.TENANTS_FILE
    ? await FileTenants.load(config.TENANTS_FILE, config.DEFAULT_TENANT)
    : FileTenants.fromList([builtInDemoTenant], config.DEFAULT_TENANT);
  return new StoreTenants(store, configured, clock);
}
