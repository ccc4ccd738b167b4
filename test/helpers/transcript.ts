import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { DialogHarness } from './dialogClient.ts';

/** The typing indicator the bot shows while a service call runs. */
export const TYPING = 'typing-indicator';

/** One expected reply: its exact text, the typing indicator, or a check of the whole activity. */
export type Expected = string | typeof TYPING | ((reply: Partial<Activity>) => void);

/** A user turn (text, or a card button's value) and every reply the bot must send to it, in order. */
export type Step = [input: string | Record<string, unknown>, replies: readonly Expected[]];

/** Every reply to one user turn, in order. */
export async function turn(harness: DialogHarness, input: Step[0]): Promise<Array<Partial<Activity>>> {
  const { client, channelLocale } = harness;
  const activity = { type: 'message', locale: channelLocale, ...(typeof input === 'string' ? { text: input } : { value: input }) };
  const replies: Array<Partial<Activity>> = [];
  let reply: Partial<Activity> | undefined = await client.sendActivity(activity);
  while (reply) {
    replies.push(reply);
    reply = client.getNextReply() as Partial<Activity> | undefined;
  }
  return replies;
}

/**
 * Plays a transcript and checks every reply; returns what the bot sent, turn by turn, reduced to what a user
 * sees (type, text, attachments), so two runs can be compared byte for byte.
 */
export async function play(harness: DialogHarness, steps: readonly Step[]): Promise<string[]> {
  const seen: string[] = [];
  for (const [input, expected] of steps) {
    const replies = await turn(harness, input);
    const label = JSON.stringify(input).slice(0, 80);
    for (const [index, check] of expected.entries()) {
      const reply = replies[index];
      expect(reply, `reply ${index + 1} to ${label}`).to.not.equal(undefined);
      if (check === TYPING) expect(reply!.type, `reply ${index + 1} to ${label}`).to.equal('typing');
      else if (typeof check === 'string') expect(reply!.text, `reply ${index + 1} to ${label}`).to.equal(check);
      else check(reply!);
    }
    expect(replies.length, `number of replies to ${label}: ${JSON.stringify(replies.map((reply) => reply.text ?? reply.type))}`).to.equal(expected.length);
    seen.push(JSON.stringify(replies.map(({ type, text, attachments }) => ({ type, text, attachments }))));
  }
  return seen;
}
