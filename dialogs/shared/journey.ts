import type { TurnContext } from 'botbuilder';
import type { IntentId } from '../../services/nlu/nlu.ts';
import { contactLines } from './contactLines.ts';
import { turnLanguage } from './turnContext.ts';

/** What MainDialog passes to a journey: the intent that started it. */
export interface JourneyOptions<Intent extends IntentId = IntentId> {
  intent: Intent;
}

/**
 * What a journey returns. `unanswered`: the user's last message was not an answer to the journey's question
 * (a new question instead); MainDialog understands it afresh rather than showing the menu.
 */
export interface JourneyResult {
  unanswered?: boolean;
}

/** The honest reply for a part of a journey this chat cannot walk through: say so, and give the call center. */
export async function referToCallCenter(context: TurnContext, intent: IntentId): Promise<void> {
  const { t } = turnLanguage(context);
  await context.sendActivity(t('common:referral', { topic: t(`cards:intents.${intent}`) }));
  await context.sendActivity(contactLines(context).join('\n\n'));
}
