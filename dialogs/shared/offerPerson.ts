import type { TurnContext } from 'botbuilder';
import { contactLines } from './contactLines.ts';
import { turnT } from './turnContext.ts';

/**
 * Says `leadKey`, then how to reach a person. For now that is the tenant's call center and chat hours;
 * the handoff journey (DESIGN.md "Handoff") takes this over, in this one place.
 */
export async function offerPerson(context: TurnContext, leadKey: string, args: Record<string, string> = {}): Promise<void> {
  await context.sendActivity([turnT(context)(leadKey, args), ...contactLines(context)].join('\n\n'));
}
