import { once } from 'node:events';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConversationState,
  TranscriptLoggerMiddleware,
  UserState,
} from 'botbuilder';
import type { Config } from './config.ts';
import { isLocalMode } from './config.ts';
import { channelAuthentication } from './channelAuthentication.ts';
import { clientLimits } from './clientLimits.ts';
import { createServer } from './server.ts';
import type { SupportServer } from './server.ts';
import { SupportBot } from './supportBot.ts';
import { turnErrorHandler } from './turnErrorHandler.ts';
import { localeMiddleware } from './middleware/localeMiddleware.ts';
import type { UserProfile } from './middleware/localeMiddleware.ts';
import { tenantMiddleware } from './middleware/tenantMiddleware.ts';
import { redeliveryMiddleware } from './middleware/redeliveryMiddleware.ts';
import { registerDirectLine } from './directLine/directLine.ts';
import { registerWebChatPage } from './webChatPage.ts';
import { registerDevMailbox } from './devMailbox.ts';
import { registerAccountPages } from './accountPages/registerAccountPages.ts';
import { seedDemoIfEmpty } from './fixture.ts';
import { openAgentConsole } from './agentConsole/agentConsole.ts';
import type { AgentConsole } from './agentConsole/agentConsole.ts';
import { registerAgentPage } from './agentConsole/page/index.ts';
import { AgentSessions } from './agentConsole/agentSessions.ts';
import { staffIdentity } from './middleware/staffIdentity.ts';
import { openStaffDesk } from './staff/staffDesk.ts';
import { registerStaffRoutes } from './staff/staffRoutes.ts';
import { StaffAllowList, parseAllowList } from '../services/staff/staffAllowList.ts';
import { MainDialog } from '../dialogs/mainDialog.ts';
import { createI18n } from '../services/i18n/i18n.ts';
import { createLogger } from '../services/log/logger.ts';
import type { Logger } from '../services/log/logger.ts';
import { LocalNlu } from '../services/nlu/localNlu.ts';
import type { Accounts } from '../services/accounts/accounts.ts';
import { HttpAccounts } from '../services/accounts/httpAccounts.ts';
import { InProcessAccounts } from '../services/accounts/inProcessAccounts.ts';
import { ReferencePortal } from '../services/accounts/reference/portal.ts';
import type { AuditLog } from '../services/audit/auditLog.ts';
import { StoreAuditLog } from '../services/audit/storeAuditLog.ts';
import type { Mailer } from '../services/mail/mailer.ts';
import { Outbox } from '../services/mail/outbox.ts';
import { OutboxFolderMailer } from '../services/mail/outboxFolderMailer.ts';
import { SmtpMailer } from '../services/mail/smtpMailer.ts';
import type { StaffDirectory } from '../services/staff/staffDirectory.ts';
import { StoreStaffDirectory } from '../services/staff/storeStaffDirectory.ts';
import { RateLimitedAccounts } from '../services/rateLimit/rateLimitedAccounts.ts';
import { RateLimiter } from '../services/rateLimit/rateLimiter.ts';
import { redactActivity } from '../services/redaction/redact.ts';
import { BotStateStorage } from '../services/store/botStateStorage.ts';
import { FileStateRecords } from '../services/store/fileStateRecords.ts';
import { FileDeliveryMarks } from '../services/store/fileDeliveryMarks.ts';
import type { Clock, DocumentStore } from '../services/store/documentStore.ts';
import { systemClock } from '../services/store/documentStore.ts';
import { sharedSecret } from '../services/store/sharedSecret.ts';
import { FileDocumentStore } from '../services/store/fileDocumentStore.ts';
import { StoreTranscriptStore } from '../services/store/transcriptStorage.ts';
import { FileTranscriptLog } from '../services/store/fileTranscriptLog.ts';
import { builtInDemoTenant } from '../services/tenants/builtInDemoTenant.ts';
import { FileTenants } from '../services/tenants/fileTenants.ts';
import { StoreTenants } from '../services/tenants/storeTenants.ts';
import type { Tenants } from '../services/tenants/tenants.ts';

export interface App {
  config: Config;
  logger: Logger;
  store: DocumentStore;
  backing: Backing;
  server: SupportServer;
  /** The human handoff's host side (queue timers, relay, agent API). */
  agentConsole: AgentConsole;
  /** Starts listening on HOST:PORT; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Graceful stop: refuse new turns, finish in-flight ones, close connections and the store. */
  stop(): Promise<void>;
}

export interface ComposeOptions {
  logger?: Logger;
  clock?: Clock;
  /** Wraps the store every part uses (tests observe writes through it; see test/fuzz/). */
  decorateStore?: (store: DocumentStore) => DocumentStore;
}

/** The composition root: the only place that reads configuration to choose adapters. */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const localMode = isLocalMode(config);
  if (localMode) {
    logger.warn('MicrosoftAppId is not set: local mode, /api/messages is unauthenticated and replies go to loopback only');
  }

  const opened = await openStore(config, clock);
  const store = options.decorateStore?.(opened) ?? opened;
  const tenants = await openTenants(config, store, clock);
  const i18n = createI18n();
  // The demo fixture's passwords (staff included) are public: it is loaded only for a local try-out.
  if (localMode && config.NODE_ENV !== 'production') await seedDemoIfEmpty(store, { clock, tenants, logger });
  else logger.info('demo fixture not loaded: production or authenticated start; seed your own with npm run seed');
  let origin = `http://${config.HOST}:${config.PORT}`;
  const publicUrl = (): string => config.PUBLIC_URL ?? origin.replace('//127.0.0.1:', '//localhost:');
  const backing = await openBacking(config, { store, tenants, clock, logger, publicUrl });

  // The embedded store keeps every document in memory: its state and delivery marks go to files instead (issue 9).
  const storage = new BotStateStorage(config.MONGODB_URI ? store : new FileStateRecords(path.resolve(config.DATA_DIR, 'state'), clock), clock);
  await storage.open();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const adapter = new CloudAdapter(channelAuthentication(config));
  // The embedded store keeps every document in memory: its transcripts go to files instead (issue 9).
  const transcriptLog = config.MONGODB_URI ? store : new FileTranscriptLog(path.resolve(config.DATA_DIR, 'transcripts'));
  const transcripts = new StoreTranscriptStore(transcriptLog, redactActivity, clock);
  await transcripts.open();
  const redelivery = await redeliveryMiddleware(config.MONGODB_URI ? store : new FileDeliveryMarks(path.resolve(config.DATA_DIR, 'deliveries'), clock), clock, logger);
  adapter.use(redelivery);
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  adapter.use(tenantMiddleware(tenants, i18n));
  adapter.use(localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')));
  // Staff are who the channel vouches for: an agent-console session (set by the staff route) or an allow-listed Teams identity.
  const staffDesk = await openStaffDesk({
    ...{ store, clock, audit: backing.audit, accounts: backing.accounts },
    openCases: async (account) => await agentConsole.openCases(account),
  });
  const allowList = new StaffAllowList(parseAllowList(config.STAFF_ENTRA_ALLOWLIST));
  const staffMiddleware = staffIdentity({ desk: staffDesk, allowList, channelAuthenticated: !localMode });
  adapter.use(staffMiddleware);
  const staffSessions = await AgentSessions.open(store, clock);
  adapter.onTurnError = turnErrorHandler(logger, conversationState, i18n, tenants);

  // Users' account calls are limited per conversation and per tenant (counters in the main store); staff pass through.
  const dialogAccounts = new RateLimitedAccounts(backing.accounts, store, { clock });
  const agentConsole = await openAgentConsole({
    ...{ store, clock, tenants, i18n, transcripts, adapter, appId: config.MicrosoftAppId ?? '', staff: backing.staff },
    ...{ accounts: backing.accounts, outbox: backing.outbox, logger, secureCookies: () => publicUrl().startsWith('https:') },
  });
  const verifiedAccounts = agentConsole.verifications.wrap(dialogAccounts);
  const dialog = new MainDialog(backing.nlu, conversationState.createProperty<number>('misses'), verifiedAccounts);
  const bot = new SupportBot(conversationState, userState, dialog, { relay: agentConsole.relay, accounts: verifiedAccounts });

  const defaultTenant = (await tenants.defaultTenant()).id;
  const tokenSecret = await sharedSecret(store, 'directLineTokens');
  const csrfSecret = await sharedSecret(store, 'accountPagesCsrf');
  let closeChannel = async (): Promise<void> => undefined;
  const server = createServer({
    adapter,
    bot,
    readiness: {
      store: () => store.ping(),
      mail: () => backing.mailer.verify(),
      accounts: () => backing.accounts.ping(),
    },
    logger,
    localMode,
    guards: [clientLimits({ limiter: new RateLimiter(store, { clock }), perMinute: config.CLIENT_REQUESTS_PER_MINUTE, trustProxyHops: config.TRUST_PROXY_HOPS, logger })],
    extraRoutes: (restifyServer) => {
      registerWebChatPage(restifyServer, { pageTitle: (locale) => i18n.getFixedT(locale)('common:pageTitle'), defaultTenant });
      // The reference service's own pages (one-time links, demo portal) exist only when it runs in this process.
      if (backing.portal) registerAccountPages(restifyServer, { portal: backing.portal, i18n, tenants, csrfSecret, logger, clock });
      agentConsole.register(restifyServer);
      registerStaffRoutes(restifyServer, {
        ...{ sessions: staffSessions, staff: backing.staff, dialog, conversationState, userState, desk: staffDesk, defaultTenant, logger },
        middleware: [tenantMiddleware(tenants, i18n), localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')), staffMiddleware],
      });
      registerAgentPage(restifyServer, { i18n });
      if (!localMode) return;
      if (backing.outboxDir) {
        registerDevMailbox(restifyServer, { outboxDir: backing.outboxDir, pageTitle: `${i18n.getFixedT('ja')('common:mailboxTitle')} / ${i18n.getFixedT('en')('common:mailboxTitle')}` });
      }
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
    backing,
    server,
    agentConsole,
    async listen() {
      http.listen(config.PORT, config.HOST);
      await once(http, 'listening');
      const address = http.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      origin = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
      backing.outbox.start();
      agentConsole.startTimers();
      logger.info('listening', { url: `http://${host}:${address.port}`, store: config.MONGODB_URI ? 'mongodb' : 'file' });
      return address;
    },
    async stop() {
      const closed = once(http, 'close');
      http.close();
      http.closeIdleConnections();
      await server.drain();
      await closeChannel();
      await agentConsole.stopTimers();
      // Responses of the drained turns are written by now; their keep-alive connections are idle.
      http.closeIdleConnections();
      await closed;
      await transcripts.flush();
      await Promise.all([storage.close(), redelivery.close()]);
      await backing.close();
      await store.close();
    },
  };
}

export interface Backing {
  mailer: Mailer;
  outbox: Outbox;
  /** The .eml folder of the local mail transport, when that is the one in use. */
  outboxDir?: string;
  audit: AuditLog;
  accounts: Accounts;
  /** The reference service's pages' operations, when the accounts are in-process. */
  portal?: ReferencePortal;
  staff: StaffDirectory;
  nlu: LocalNlu;
  close(): Promise<void>;
}

/** Mail, audit, accounts, staff and NLU, each chosen from configuration. */
export async function openBacking(
  config: Config,
  deps: { store: DocumentStore; tenants: Tenants; clock: Clock; logger: Logger; publicUrl: () => string },
): Promise<Backing> {
  const { store, tenants, clock, logger } = deps;
  const outboxDir = config.SMTP_URL ? undefined : path.resolve(config.DATA_DIR, 'outbox');
  const mailer: Mailer = config.SMTP_URL
    ? new SmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM ?? '' })
    : new OutboxFolderMailer(outboxDir!, { from: config.MAIL_FROM, clock });
  const outbox = await Outbox.open(store, mailer, { clock, logger });
  const audit = await StoreAuditLog.open(store);
  const reference = { store, mail: outbox, tenants, clock, publicUrl: deps.publicUrl, audit };
  const http = config.ACCOUNT_SERVICE_URL
    ? new HttpAccounts({ baseUrl: config.ACCOUNT_SERVICE_URL, token: config.ACCOUNT_SERVICE_TOKEN ?? '', logger })
    : undefined;
  const accounts: Accounts = http ?? (await InProcessAccounts.create(reference));
  const portal = http ? undefined : await ReferencePortal.create(reference);
  const nlu = await LocalNlu.load({ cacheDir: path.resolve(config.DATA_DIR, 'nlu') });
  return {
    mailer,
    outbox,
    outboxDir,
    audit,
    accounts,
    portal,
    staff: new StoreStaffDirectory(store),
    nlu,
    async close() {
      http?.close();
      await outbox.stop();
      mailer.close?.();
    },
  };
}

/**
 * The configured document store: MongoDB when MONGODB_URI is set, else the embedded file store. The MongoDB driver
 * is loaded only when it is used: an embedded start does not carry it (issue 9: memory).
 */
export async function openStore(config: Config, clock: Clock = systemClock): Promise<DocumentStore> {
  if (!config.MONGODB_URI) return await FileDocumentStore.open(path.resolve(config.DATA_DIR), clock);
  const { MongoDocumentStore } = await import('../services/store/mongoDocumentStore.ts');
  return await MongoDocumentStore.connect(config.MONGODB_URI, config.MONGODB_DB, clock);
}

/** Seeded tenants over TENANTS_FILE (or the built-in demo tenant). */
export async function openTenants(config: Config, store: DocumentStore, clock: Clock = systemClock): Promise<Tenants> {
  const configured = config.TENANTS_FILE
    ? await FileTenants.load(config.TENANTS_FILE, config.DEFAULT_TENANT)
    : FileTenants.fromList([builtInDemoTenant], config.DEFAULT_TENANT);
  return new StoreTenants(store, configured, clock);
}
