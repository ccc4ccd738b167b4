import { cardOf } from '../cards/adaptiveCard.ts';
import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';

/** What the "talk to a person" button sends; the host starts the handoff from any step when it sees it. */
export const PERSON_ACTION = 'person';

/** One button that asks for a person (the plain-text fallback tells how to ask by typing). */
export function personCard(t: TFunction): Attachment {
  const title = t('handoff:offer.button');
  return cardOf({
    fallbackText: t('handoff:offer.fallback'),
    body: [{ type: 'TextBlock', text: t('handoff:offer.fallback'), wrap: true }],
    actions: [{ type: 'Action.Submit', title, data: { action: PERSON_ACTION } }],
  });
}

/** True when the activity is the card's button. */
export function isPersonAction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).action === PERSON_ACTION;
}
