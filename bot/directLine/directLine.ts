import type { Server } from 'restify';
import type { Logger } from '../../services/log/logger.ts';
import { systemClock } from '../../services/store/documentStore.ts';
import type { Clock, DocumentStore } from '../../services/store/documentStore.ts';
import { registerActivityRoutes } from './activityRoutes.ts';
import { ActivityHub } from './activityHub.ts';
import { registerBotRoutes } from './botRoutes.ts';
import type { ChannelContext } from './channelContext.ts';
import { registerConversationRoutes } from './conversationRoutes.ts';
import { ConversationStore } from './conversationStore.ts';
import { registerSessionRoute } from './sessionRoute.ts';
import { StreamServer } from './streamServer.ts';
import { TokenSigner } from './tokenSigner.ts';

/** How the local Direct Line is wired into the host. */
export interface DirectLineOptions {
  /** Conversations and activities persist here (`dlConversations`, `dlActivities`; expire a day after use). */
  store: DocumentStore;
  /** HMAC-SHA256 key for tokens, at least 32 bytes. A new key at start-up ends every open session. */
  tokenSecret: Uint8Array;
  /** Full URL of the bot's `POST /api/messages` (known only after listen, hence a function). */
  botEndpoint: () => string;
  /** Base URL the bot replies to, `${origin}/directline`. */
  serviceUrl: () => string;
  /** Tenant of sessions whose page named none. */
  defaultTenant: string;
  logger: Logger;
  clock?: Clock;
}

/**
 * A local channel speaking the Direct Line 3.0 subset that Web Chat and DirectLineJS use, so a browser can
 * talk to the bot with no cloud account. Routes:
 * - `POST /directline/session` (local bootstrap: token for a fresh user id and tenant)
 * - `POST /v3/directline/conversations`, `GET /v3/directline/conversations/:id`, `POST /v3/directline/tokens/refresh`
 * - `POST|GET /v3/directline/conversations/:id/activities`, WebSocket `/v3/directline/conversations/:id/stream`
 * - bot → channel: `POST /directline/v3/conversations/:id/activities[/:replyToId]` (loopback only)
 *
 * The server must already parse queries and JSON bodies (`queryParser`, `bodyParser({ mapParams: false })`).
 * Returns `close()`, which drops the open WebSockets; the store is the caller's to close.
 */
export function registerDirectLine(server: Server, options: DirectLineOptions): { close(): Promise<void> } {
  const clock = options.clock ?? systemClock;
  const hub = new ActivityHub();
  const conversations = new ConversationStore(options.store, clock, (conversationId, activity, seq) =>
    hub.publish(conversationId, { activity, seq }),
  );
  const signer = new TokenSigner(options.tokenSecret, clock);
  const context: ChannelContext = {
    signer,
    conversations,
    clock,
    logger: options.logger.child({ component: 'directLine' }),
    botEndpoint: options.botEndpoint,
    serviceUrl: options.serviceUrl,
    defaultTenant: options.defaultTenant,
  };
  registerSessionRoute(server, context);
  registerConversationRoutes(server, context);
  registerActivityRoutes(server, context);
  registerBotRoutes(server, context);
  const stream = new StreamServer(server.server, signer, conversations, hub, context.logger);
  return { close: async () => await stream.close() };
}
