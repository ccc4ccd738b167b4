import { createHash } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Collection, Clock, DocumentStore } from '../../services/store/documentStore.ts';
import { DuplicateKeyError } from '../../services/errors.ts';
import type { Logger } from '../../services/log/logger.ts';

/** Channels retry within minutes; a day covers every retry policy with room to spare. */
const REMEMBER_MS = 24 * 60 * 60_000;
/** A turn still marked running after this long died with its process: a retry may run it again. */
const ABANDONED_AFTER_MS = 2 * 60_000;

interface DeliveryDoc {
  _id: string;
  state: 'running' | 'done';
  startedAt: Date;
  expiresAt: Date;
  [key: string]: unknown;
}

/**
 * The same activity delivered twice (a channel's retry after a timeout, or a client resending) runs once:
 * one action, one mail (issue 8). Activity ids are remembered per channel and conversation in the store, so
 * every instance sees them. A retry while the first delivery still runs, or after it finished, is answered
 * 200 with no reply; a retry of a turn whose process died mid-turn runs again, so nothing is lost.
 */
export async function redeliveryMiddleware(
  store: DocumentStore,
  clock: Clock,
  logger: Logger,
  options: { onlyProcess?: boolean } = {},
): Promise<Middleware> {
  const deliveries = await store.collection<DeliveryDoc>('activityDeliveries', { ttlField: 'expiresAt' });
  // The embedded store serves one process at a time: a turn still marked running was cut short by the last one's
  // end, so its retry may run at once instead of after ABANDONED_AFTER_MS.
  if (options.onlyProcess) await deliveries.deleteMany({ state: 'running' });
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const key = deliveryKey(context);
      if (!key) return await next();
      if (!(await claim(deliveries, key, clock))) {
        logger.info('repeated activity not run again', { conversationId: context.activity.conversation?.id, activityId: context.activity.id });
        return;
      }
      await next();
      await deliveries.updateOne({ _id: key }, { $set: { state: 'done' } });
    },
  };
}

/** Takes the activity for this turn; false when another delivery of it ran or is running. */
async function claim(deliveries: Collection<DeliveryDoc>, key: string, clock: Clock): Promise<boolean> {
  const now = clock();
  const doc: DeliveryDoc = { _id: key, state: 'running', startedAt: now, expiresAt: new Date(now.getTime() + REMEMBER_MS) };
  try {
    await deliveries.insertOne(doc);
    return true;
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
  // Seen before: run again only if that delivery was abandoned mid-turn, and only one retry may take it over.
  const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const taken = await deliveries.updateOne({ _id: key, state: 'running', startedAt: { $lt: abandoned } }, { $set: { startedAt: now } });
  return taken.matched === 1;
}

/** Only activities a channel identifies can be recognised again; the key holds no user text. */
function deliveryKey(context: TurnContext): string | undefined {
  const { id, channelId, conversation } = context.activity;
  if (!id || !conversation?.id) return undefined;
  return createHash('sha256').update(`${channelId}\n${conversation.id}\n${id}`).digest('base64url');
}
