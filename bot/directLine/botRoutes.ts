import type { Request, Server } from 'restify';
import { stampBotActivity } from './botActivity.ts';
import type { ChannelContext } from './channelContext.ts';
import { DirectLineError } from './directLineError.ts';
import { isLocalRequest } from './isLoopback.ts';
import { routeHandler } from './routeHandler.ts';
import type { JsonRoute } from './routeHandler.ts';

const ACTIVITIES = '/directline/v3/conversations/:conversationId/activities';

/**
 * The channel's Bot Connector side (`serviceUrl` = `${origin}/directline`): where the bot sends replies and
 * proactive messages. Local mode has no Bot Framework authentication, so only this machine may call it.
 * Updating and deleting activities is not supported: 404, which botbuilder reports to the caller as an error
 * the bot can ignore.
 */
export function registerBotRoutes(server: Server, context: ChannelContext): void {
  const { conversations, logger } = context;
  const localOnly = (route: JsonRoute): JsonRoute => async (req) => {
    if (!isLocalRequest(req)) throw new DirectLineError('Forbidden', 'the bot endpoint only answers this machine');
    return await route(req);
  };

  const receive = routeHandler(
    logger,
    localOnly(async (req) => {
      const conversationId = param(req, 'conversationId') ?? '';
      const replyToId = param(req, 'activityId');
      const conversation = await conversations.get(conversationId);
      if (!conversation) throw new DirectLineError('NotFound', 'conversation not found');
      const activity = await conversations.append(conversationId, (id) =>
        stampBotActivity(req.body, { id, conversationId, userId: conversation.userId, replyToId, timestamp: context.clock() }),
      );
      return { status: 200, body: { id: activity.id } };
    }),
  );
  const unsupported = routeHandler(
    logger,
    localOnly(async () => {
      throw new DirectLineError('NotFound', 'updating or deleting activities is not supported');
    }),
  );

  server.post(ACTIVITIES, receive);
  server.post(`${ACTIVITIES}/:activityId`, receive);
  server.put(`${ACTIVITIES}/:activityId`, unsupported);
  server.del(`${ACTIVITIES}/:activityId`, unsupported);
}

function param(req: Request, name: string): string | undefined {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : undefined;
}
