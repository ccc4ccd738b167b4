import { createHash } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Clock, DocumentStore } from '../../services/store/documentStore.ts';
import { DocumentDeliveryMarks } from '../../services/store/documentDeliveryMarks.ts';
import type { DeliveryMarks } from '../../services/store/deliveryMarks.ts';
import type { Logger } from '../../services/log/logger.ts';

/** The middleware, and a way to wait for its marks' background work at stop. */
export type RedeliveryMiddleware = Middleware & { close(): Promise<void> };

/**
 * The same activity delivered twice (a channel's retry after a timeout, or a client resending) runs once:
 * one action, one mail (issue 8). Activity ids are remembered per channel and conversation in `marks`: a
 * DocumentStore's collection, which every instance sees (MongoDB), or the embedded mode's files (issue 9). A
 * retry while the first delivery still runs, or after it finished, is answered 200 with no reply; a retry of a
 * turn whose process died mid-turn runs again, so nothing is lost.
 */
export async function redeliveryMiddleware(marks: DocumentStore | DeliveryMarks, clock: Clock, logger: Logger): Promise<RedeliveryMiddleware> {
  const deliveries = 'collection' in marks ? new DocumentDeliveryMarks(marks, clock) : marks;
  await deliveries.open();
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const delivery = deliveryOf(context);
      if (!delivery) return await next();
      if (!(await deliveries.claim(delivery.conversation, delivery.key))) {
        logger.info('repeated activity not run again', { conversationId: context.activity.conversation?.id, activityId: context.activity.id });
        return;
      }
      try {
        await next();
      } catch (error) {
        await deliveries.failed(delivery.conversation, delivery.key);
        throw error;
      }
      await deliveries.done(delivery.conversation, delivery.key);
    },
    close: async () => await deliveries.close(),
  };
}

/** Only activities a channel identifies can be recognised again; the key holds no user text. */
function deliveryOf(context: TurnContext): { conversation: string; key: string } | undefined {
  const { id, channelId, conversation } = context.activity;
  if (!id || !conversation?.id) return undefined;
  return {
    conversation: `${channelId}\n${conversation.id}`,
    key: createHash('sha256').update(`${channelId}\n${conversation.id}\n${id}`).digest('base64url'),
  };
}
