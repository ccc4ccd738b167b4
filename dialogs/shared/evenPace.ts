import { setTimeout as delay } from 'node:timers/promises';
import type { TurnContext } from 'botbuilder';

/**
 * How long after an identity check begins its turn's first answer goes out, at the least. What follows a check
 * depends on the account (an action and its mail for a verified claim, nothing for another), and so would the
 * time of the answer: an attacker timing replies could tell a real login ID from a made-up one (issue 8 item 4).
 * With every answer of that turn held to the same moment, the timing carries nothing as long as the real work
 * is shorter than this. Production value; dialog unit tests set 0 (test/helpers/dialogClient.ts).
 */
export const ANSWER_PACE_MS = 400;
let paceMs = ANSWER_PACE_MS;

/** Sets the pace for the whole process; returns the one it replaces. */
export function setAnswerPace(ms: number): number {
  const previous = paceMs;
  paceMs = ms;
  return previous;
}

/** How a held answer waits out the rest of the pace. */
export type PaceWait = (ms: number) => Promise<void>;
let holdFor: PaceWait = async (ms) => await delay(ms);

/**
 * Sets how held answers wait, for the whole process; returns the one it replaces. Tests use it to release
 * held answers on an event of their own instead of after real time.
 */
export function setPaceWait(wait: PaceWait): PaceWait {
  const previous = holdFor;
  holdFor = wait;
  return previous;
}

const PACED = Symbol('pacedTurn');

/**
 * Holds this turn's outgoing activities until `paceMs` after now; the first call in a turn sets the moment.
 * Only what is sent after this call is held (botbuilder runs send handlers on later sends only): what the turn
 * said before (the identity check's "one moment, please", sent before the service is called) is already out.
 * Typing indicators pass at once, so the user sees the bot at work meanwhile.
 */
export function paceAnswers(context: TurnContext): void {
  if (paceMs <= 0 || context.turnState.get(PACED)) return;
  const due = Date.now() + paceMs;
  context.turnState.set(PACED, due);
  context.onSendActivities(async (_context, activities, next) => {
    const wait = due - Date.now();
    if (wait > 0 && activities.some((activity) => activity.type !== 'typing')) await holdFor(wait);
    return await next();
  });
}
