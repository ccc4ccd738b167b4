import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { IntentId } from '../../services/nlu/nlu.ts';
import { adaptiveCard } from './adaptiveCard.ts';
import type { CardButton } from './adaptiveCard.ts';
import type { MenuTopic } from './menuCard.ts';

/** The card offers at most the recogniser's top three (issue 4 item 5). */
export const MAX_SUGGESTIONS = 3;

/** The `choice` value of the "none of these" button. */
export const NONE_OF_THESE = 'none';

/** One thing the user may have meant: an intent, and the menu topic that answers it when there is one. */
export interface Suggestion {
  intent: IntentId;
  topic?: MenuTopic;
}

export interface DidYouMeanCardData {
  /** Best first; at most MAX_SUGGESTIONS. */
  suggestions: readonly Suggestion[];
}

/**
 * "Did you mean…": one button per suggestion, titled `cards:intents.<intent>`, and "none of these" last.
 * A suggestion with a topic sends `{action: 'menu', topic}`, exactly as the menu's button for that topic;
 * one without sends `{action: 'choice', value: <intent>}`; "none of these" sends `{action: 'choice', value: 'none'}`.
 */
export function didYouMeanCard(t: TFunction, data: DidYouMeanCardData): Attachment {
  if (data.suggestions.length > MAX_SUGGESTIONS) throw new Error(`a did-you-mean card offers at most ${MAX_SUGGESTIONS} suggestions`);
  const buttons: CardButton[] = data.suggestions.map(({ intent, topic }) => ({
    title: t(`cards:intents.${intent}`),
    data: topic ? { action: 'menu', topic } : { action: 'choice', value: intent },
  }));
  buttons.push({ title: t('cards:didYouMean.none'), data: { action: 'choice', value: NONE_OF_THESE } });
  return adaptiveCard(t('cards:didYouMean.heading'), [], buttons);
}
