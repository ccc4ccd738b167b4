import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';
import type { MenuTopic } from './menuCard.ts';

export interface FaqFollowUpCardData {
  /** Each topic's title is `${choicesKey}.${topic}.title`. */
  choicesKey: string;
  topics: readonly MenuTopic[];
}

/**
 * The buttons under a short FAQ answer, one per part the user may want next. Each sends
 * `{action: 'menu', topic}` like the menu's own buttons, so a press on an old card still answers.
 * The question is the message's text, so the card carries only the buttons.
 */
export function faqFollowUpCard(t: TFunction, data: FaqFollowUpCardData): Attachment {
  return adaptiveCard(
    '',
    [],
    data.topics.map((topic) => ({ title: t(`${data.choicesKey}.${topic}.title`), data: { action: 'menu', topic } })),
  );
}
