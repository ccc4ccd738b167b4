import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import { readCardAction } from '../cards/adaptiveCard.ts';
import { choiceCard } from '../cards/choiceCard.ts';
import { turnT } from '../shared/turnContext.ts';

/** What a graduate may ask about the application for use (manual 002 §2.1), one answer each. */
export const graduateTopics = ['steps', 'document', 'decision', 'password', 'status'] as const;
export type GraduateTopic = (typeof graduateTopics)[number];

const CHOICES = 'graduates:topics.choices';

const wordsOf = (t: TFunction, key: string): string[] => {
  const words = t(key, { returnObjects: true }) as unknown;
  return (Array.isArray(words) ? words : []).filter((word): word is string => typeof word === 'string').map(normalizeText);
};

/**
 * The topic a message asks about: its button, its title, number or a synonym as the whole message, or else the
 * one topic whose keywords it contains (「承認までどのくらい」 → decision). Two topics' keywords, or none: undefined.
 */
export function topicOf(t: TFunction, text: string | undefined, value?: unknown): GraduateTopic | undefined {
  const action = readCardAction(value);
  if (action?.action === 'choice') return graduateTopics.find((topic) => topic === action.value);
  const said = normalizeText(text ?? '').replace(/[.!?。！？]+$/u, '');
  if (said === '') return undefined;
  const whole = graduateTopics.find((topic, index) =>
    [topic, String(index + 1), normalizeText(t(`${CHOICES}.${topic}.title`)), ...wordsOf(t, `${CHOICES}.${topic}.synonyms`)].includes(said),
  );
  if (whole) return whole;
  const inside = graduateTopics.filter((topic) => wordsOf(t, `${CHOICES}.${topic}.keywords`).some((word) => said.includes(word)));
  return inside.length === 1 ? inside[0] : undefined;
}

/**
 * "What would you like to know?" with a button per topic. Anything that is not one of them ends the prompt with
 * undefined, so the journey can hand the message back to be understood afresh (a new question is not lost).
 */
export class TopicPrompt extends Dialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.ask(dc.context);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    return await dc.endDialog(topicOf(turnT(dc.context), activity.text, activity.value));
  }

  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    await this.ask(context);
  }

  private async ask(context: TurnContext): Promise<void> {
    const t = turnT(context);
    const card = choiceCard({ choices: graduateTopics.map((value) => ({ value, title: t(`${CHOICES}.${value}.title`) })) });
    await context.sendActivity(MessageFactory.attachment(card, t('graduates:topics.question')));
  }
}
