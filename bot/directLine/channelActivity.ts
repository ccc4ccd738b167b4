/**
 * An activity as the local channel stores and relays it: the Bot Framework Activity schema's JSON, of which
 * the channel itself only reads and writes the fields named here. The rest is carried through unchanged.
 */
export interface ChannelActivity {
  type: string;
  id: string;
  timestamp: string;
  channelId: 'directline';
  conversation: { id: string };
  from: { id: string; name?: string; role: 'user' | 'bot' };
  recipient: { id: string; role?: 'user' | 'bot' };
  serviceUrl?: string;
  replyToId?: string;
  [field: string]: unknown;
}

/** The id the channel gives the bot; the bot's replies are always stamped with it. */
export const BOT_ID = 'bot';

/** The id of the `n`th stored activity of a conversation, in Azure Direct Line's `conversationId|0000001` form. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
