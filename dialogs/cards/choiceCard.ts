import type { Attachment } from 'botbuilder';
import { adaptiveCard } from './adaptiveCard.ts';

export interface ChoiceCardData {
  /** Shown above the buttons; leave it out when the message text already asks the question. */
  question?: string;
  choices: ReadonlyArray<{ value: string; title: string }>;
}

/** A question with one button per answer; the button sends `{action: 'choice', value}`. */
export function choiceCard(data: ChoiceCardData): Attachment {
  return adaptiveCard(
    data.question ?? '',
    [],
    data.choices.map((choice) => ({ title: choice.title, data: { action: 'choice', value: choice.value } })),
  );
}
