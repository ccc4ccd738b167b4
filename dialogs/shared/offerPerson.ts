import { MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { turnHandoffDesk } from '../handoff/handoffDesk.ts';
import { personCard } from '../handoff/personCard.ts';
import { contactLines } from './contactLines.ts';
import { turnT } from './turnContext.ts';

/**
 * Says `leadKey`, then how to reach a person: where the handoff is wired, a "talk to a person" button
 * (the host starts the handoff from any step, DESIGN.md "Handoff"); always the tenant's call center and
 * chat hours too, the way to a person when the chat has none.
 */
export async function offerPerson(context: TurnContext, leadKey: string, args: Record<string, string> = {}): Promise<void> {
  const text = [turnT(context)(leadKey, args), ...contactLines(context)].join('\n\n');
  if (!turnHandoffDesk(context)) {
    await context.sendActivity(text);
    return;
  }
  await context.sendActivity(MessageFactory.attachment(personCard(turnT(context)), text));
}
