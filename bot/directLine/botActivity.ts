import { z } from 'zod';
import { BOT_ID } from './channelActivity.ts';
import type { ChannelActivity } from './channelActivity.ts';
import { DirectLineError } from './directLineError.ts';

/*
 * The bot is trusted (its replies only come from loopback), so its activity is relayed as it is: cards,
 * suggested actions, speak, entities and channelData pass through. Only the fields that say where and when
 * it happened are the channel's to set.
 */
const BotActivityInput = z.looseObject({
  type: z.string().min(1).max(64),
  from: z.looseObject({ name: z.string().max(256).optional() }).optional().catch(undefined),
});

/** Where the bot's activity lands. */
export interface BotStamp {
  id: string;
  conversationId: string;
  userId: string;
  replyToId: string | undefined;
  timestamp: Date;
}

/** Validates the bot's activity (an object with a `type`) and stamps the channel's fields on it. */
export function stampBotActivity(body: unknown, stamp: BotStamp): ChannelActivity {
  const parsed = BotActivityInput.safeParse(body);
  if (!parsed.success) throw new DirectLineError('BadArgument', 'invalid activity');
  const { from, ...fields } = parsed.data;
  const { serviceUrl: _serviceUrl, channelId: _channelId, ...relayed } = fields;
  return {
    ...relayed,
    type: fields.type,
    id: stamp.id,
    timestamp: stamp.timestamp.toISOString(),
    channelId: 'directline',
    conversation: { id: stamp.conversationId },
    from: { id: BOT_ID, ...(from?.name ? { name: from.name } : {}), role: 'bot' },
    recipient: { id: stamp.userId, role: 'user' },
    ...(stamp.replyToId ? { replyToId: stamp.replyToId } : {}),
  };
}
