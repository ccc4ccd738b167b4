import { z } from 'zod';
import { BOT_ID } from './channelActivity.ts';
import type { ChannelActivity } from './channelActivity.ts';
import { DirectLineError } from './directLineError.ts';

/** BCP 47-ish: `ja`, `ja-JP`, `zh-Hant-TW`. Anything else is dropped rather than passed to the bot. */
export const Locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/);

const Attachment = z.object({
  contentType: z.string().min(1).max(255),
  contentUrl: z.string().max(2048).optional(),
  content: z.unknown().optional(),
  name: z.string().max(255).optional(),
  thumbnailUrl: z.string().max(2048).optional(),
});

/*
 * What a user may set. Everything the channel vouches for (ids, from, recipient, conversation, channelId,
 * serviceUrl, timestamp, channelData.tenant) is set by the channel; unknown fields are dropped (zod strips),
 * so a client cannot pose as the bot, as another user, or as another tenant.
 * ClientCapabilities entities and channelData.clientActivityID are what Web Chat sends and needs echoed.
 */
const UserActivityInput = z.object({
  type: z.enum(['message', 'event', 'typing', 'conversationUpdate']),
  text: z.string().optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: Locale.optional().catch(undefined),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  attachments: z.array(Attachment).max(20).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  channelData: z
    .object({ clientActivityID: z.string().max(128).optional(), clientTimestamp: z.string().max(64).optional() })
    .optional(),
});

/** A client's activity after validation: only the fields a user may set. */
export type UserActivityInput = z.infer<typeof UserActivityInput>;

/** Validates a client's activity; anything that is not an object with a known `type` is a 400. */
export function parseUserActivity(body: unknown): UserActivityInput {
  const parsed = UserActivityInput.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new DirectLineError('BadArgument', `invalid activity: ${where}`);
  }
  return parsed.data;
}

/** Who posted, as the token says, and where the bot is to reply. */
export interface UserStamp {
  id: string;
  conversationId: string;
  userId: string;
  tenant: string;
  locale: string | undefined;
  serviceUrl: string;
  timestamp: Date;
}

/** The activity as stored, echoed to the client, and delivered to the bot. */
export function stampUserActivity(input: UserActivityInput, stamp: UserStamp): ChannelActivity {
  const { channelData, locale, ...fields } = input;
  return {
    ...fields,
    id: stamp.id,
    timestamp: stamp.timestamp.toISOString(),
    channelId: 'directline',
    serviceUrl: stamp.serviceUrl,
    conversation: { id: stamp.conversationId },
    from: { id: stamp.userId, role: 'user' },
    recipient: { id: BOT_ID, role: 'bot' },
    ...(locale ?? stamp.locale ? { locale: locale ?? stamp.locale } : {}),
    channelData: { ...channelData, tenant: stamp.tenant },
  };
}
