import type { ChannelActivity } from './channelActivity.ts';
import { DirectLineError } from './directLineError.ts';

/** Azure Direct Line gives the bot 15 s to answer before it reports a timeout to the client. */
export const BOT_TIMEOUT_MS = 15_000;

/**
 * POSTs an activity to the bot's `/api/messages` and waits for its answer, as Azure Direct Line does before it
 * answers the client. A bot that is down, answers non-2xx or takes too long is a 502 BotError / 504 BotTimeout:
 * DirectLineJS treats 5xx on a post as "retry later" rather than "send failed", and the activity itself is
 * already stored and echoed, so the transcript keeps what the user said.
 */
export async function deliverToBot(endpoint: string, activity: ChannelActivity, timeoutMs = BOT_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new DirectLineError('BotTimeout', 'the bot did not answer in time');
    }
    throw new DirectLineError('BotError', 'the bot is unreachable');
  }
  // The body is not needed (only invoke activities have one), but it must be read to free the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new DirectLineError('BotError', `the bot answered ${response.status}`);
}
