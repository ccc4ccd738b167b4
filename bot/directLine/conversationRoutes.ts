import type { Request, Server } from 'restify';
import { z } from 'zod';
import { BOT_ID } from './channelActivity.ts';
import type { ChannelActivity } from './channelActivity.ts';
import type { ChannelContext } from './channelContext.ts';
import { bearerClaims, boundConversation, queryWatermark, streamUrl } from './clientRequest.ts';
import type { ConversationDoc } from './conversationStore.ts';
import { deliverToBot } from './deliverToBot.ts';
import { DirectLineError } from './directLineError.ts';
import { routeHandler } from './routeHandler.ts';
import type { TokenClaims } from './tokenSigner.ts';
import { Locale } from './userActivity.ts';

/** DirectLineJS sends `{ user: { id }, locale }` when it starts a conversation; only the locale is used. */
const StartRequest = z.object({ locale: Locale.optional().catch(undefined) }).catch({ locale: undefined });

/** Start (`POST /conversations`), reconnect (`GET /conversations/:id`) and `POST /tokens/refresh`. */
export function registerConversationRoutes(server: Server, context: ChannelContext): void {
  const { signer, conversations, logger } = context;

  const describe = (req: Request, conversation: ConversationDoc, watermark: number): Record<string, unknown> => {
    const { token, expiresIn } = signer.issue(clientClaims(conversation));
    const stream = streamUrl(req, signer, conversation, watermark);
    return { conversationId: conversation._id, token, expires_in: expiresIn, streamUrl: stream };
  };

  server.post(
    '/v3/directline/conversations',
    routeHandler(logger, async (req) => {
      const claims = bearerClaims(req, signer);
      // As in Azure Direct Line, a token already bound to a conversation gets that conversation back (200).
      if (claims.conv) {
        const existing = await conversations.get(claims.conv);
        if (!existing) throw new DirectLineError('NotFound', 'conversation not found');
        return { status: 200, body: describe(req, existing, 0) };
      }
      const locale = StartRequest.parse(req.body).locale ?? claims.locale;
      const conversation = await conversations.create({ userId: claims.user, tenant: claims.tenant, ...(locale ? { locale } : {}) });
      await welcome(context, conversation);
      return { status: 201, body: describe(req, conversation, 0) };
    }),
  );

  server.get(
    '/v3/directline/conversations/:conversationId',
    routeHandler(logger, async (req) => {
      const { conversation } = await boundConversation(req, signer, conversations);
      return { status: 200, body: describe(req, conversation, queryWatermark(req)) };
    }),
  );

  server.post(
    '/v3/directline/tokens/refresh',
    routeHandler(logger, async (req) => {
      const claims = bearerClaims(req, signer);
      if (claims.conv && !(await conversations.get(claims.conv))) {
        throw new DirectLineError('NotFound', 'conversation not found');
      }
      const { exp: _exp, ...binding } = claims;
      const { token, expiresIn } = signer.issue(binding);
      return { status: 200, body: { ...(claims.conv ? { conversationId: claims.conv } : {}), token, expires_in: expiresIn } };
    }),
  );
}

function clientClaims(conversation: ConversationDoc): TokenClaims {
  return {
    user: conversation.userId,
    tenant: conversation.tenant,
    ...(conversation.locale ? { locale: conversation.locale } : {}),
    conv: conversation._id,
    scope: 'client',
  };
}

/*
 * Tells the bot that it and the user joined, so its welcome runs. Both members are listed (the npm
 * offline-directline sends none, and ActivityHandler.onMembersAdded then never fires). The activity is not
 * part of the client's transcript, as in Azure Direct Line, so it takes the reserved sequence number 0.
 * It is awaited, so the welcome is stored before the client opens its stream (the stream replays it).
 * A bot that is down does not stop the conversation from starting: it may be back for the first message.
 */
async function welcome(context: ChannelContext, conversation: ConversationDoc): Promise<void> {
  const activity: ChannelActivity = {
    type: 'conversationUpdate',
    id: `${conversation._id}|0000000`,
    timestamp: context.clock().toISOString(),
    channelId: 'directline',
    serviceUrl: context.serviceUrl(),
    conversation: { id: conversation._id },
    from: { id: conversation.userId, role: 'user' },
    recipient: { id: BOT_ID, role: 'bot' },
    membersAdded: [{ id: BOT_ID }, { id: conversation.userId }],
    ...(conversation.locale ? { locale: conversation.locale } : {}),
    channelData: { tenant: conversation.tenant },
  };
  try {
    await deliverToBot(context.botEndpoint(), activity);
  } catch (error) {
    context.logger.warn('the bot did not take the conversation start', { conversationId: conversation._id, error });
  }
}
