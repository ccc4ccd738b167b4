import type { Server } from 'restify';
import type { ChannelContext } from './channelContext.ts';
import { boundConversation, queryWatermark } from './clientRequest.ts';
import { deliverToBot } from './deliverToBot.ts';
import { routeHandler } from './routeHandler.ts';
import { parseUserActivity, stampUserActivity } from './userActivity.ts';

/** The client's side of a conversation: post an activity, and poll for activities after a watermark. */
export function registerActivityRoutes(server: Server, context: ChannelContext): void {
  const { signer, conversations, logger } = context;

  server.post(
    '/v3/directline/conversations/:conversationId/activities',
    routeHandler(logger, async (req) => {
      const { claims, conversation } = await boundConversation(req, signer, conversations);
      const input = parseUserActivity(req.body);
      const activity = await conversations.append(conversation._id, (id) =>
        stampUserActivity(input, {
          id,
          conversationId: conversation._id,
          userId: claims.user,
          tenant: claims.tenant,
          locale: conversation.locale,
          serviceUrl: context.serviceUrl(),
          timestamp: context.clock(),
        }),
      );
      // Stored and echoed first, then delivered: the transcript keeps what the user said even if the bot fails.
      await deliverToBot(context.botEndpoint(), activity);
      return { status: 200, body: { id: activity.id } };
    }),
  );

  server.get(
    '/v3/directline/conversations/:conversationId/activities',
    routeHandler(logger, async (req) => {
      const { conversation } = await boundConversation(req, signer, conversations);
      const page = await conversations.listAfter(conversation._id, queryWatermark(req));
      return { status: 200, body: { activities: page.activities, watermark: String(page.watermark) } };
    }),
  );
}
