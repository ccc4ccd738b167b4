import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import { recognizeYesNo } from '../../services/recognition/recognizeYesNo.ts';
import type { YesNo, YesNoContext } from '../../services/recognition/yesNoTable.ts';
import { readCardAction } from '../cards/adaptiveCard.ts';
import { choiceCard } from '../cards/choiceCard.ts';
import { turnT } from './turnContext.ts';

/** Keys, not text, are kept in state, so a reprompt after a language switch is in the new language. */
export interface YesNoOptions {
  questionKey: string;
  /** Button titles are `${choicesKey}.yes.title` / `.no.title`; answers this question alone means, `.synonyms`. */
  choicesKey: string;
  /** What kind of question it is, for the polite answers whose meaning depends on it (大丈夫です, "I'm fine"). */
  context: YesNoContext;
}

interface PromptState {
  options: YesNoOptions;
}

const answers: readonly YesNo[] = ['yes', 'no'];

/** Shorter phrases (まだ, ない) count only as the whole message: inside a sentence they mean too many things. */
const MIN_PHRASE_INSIDE = 3;

/**
 * A yes/no question with two buttons. Reads a button, the question's own phrases («届きました», "not yet", also
 * inside a short sentence: 「まだ届きません」), or a yes or no in either language (recognizeYesNo). Anything else is not an answer: the prompt ends with
 * undefined and the caller lets that message be understood afresh, so a new question asked instead is not lost.
 */
export class YesNoPrompt extends Dialog<YesNoOptions> {
  override async beginDialog(dc: DialogContext, options?: YesNoOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('YesNoPrompt: options are required');
    (dc.activeDialog!.state as PromptState).options = options;
    await this.ask(dc.context, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const { options } = dc.activeDialog!.state as PromptState;
    return await dc.endDialog(this.recognize(dc.context, options));
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).options);
  }

  private async ask(context: TurnContext, options: YesNoOptions): Promise<void> {
    const t = turnT(context);
    const card = choiceCard({ choices: answers.map((value) => ({ value, title: t(`${options.choicesKey}.${value}.title`) })) });
    await context.sendActivity(MessageFactory.attachment(card, t(options.questionKey)));
  }

  /** A button; the whole message as one of the question's phrases; a plain yes or no; else the longest phrase in it. */
  private recognize(context: TurnContext, options: YesNoOptions): YesNo | undefined {
    const action = readCardAction(context.activity.value);
    if (action?.action === 'choice') return answers.find((value) => value === action.value);
    const text = context.activity.text ?? '';
    const normalized = normalizeText(text).replace(/[.!?。！？]+$/u, '');
    if (normalized === '') return undefined;
    const phrases = this.phrases(context, options);
    const exact = phrases.find(({ phrase }) => phrase === normalized);
    if (exact) return exact.answer;
    const plain = recognizeYesNo(text, options.context);
    if (plain) return plain.answer;
    // 「まだ届きません」 holds 届きません; "it hasn't arrived" holds both "arrived" and "hasn't arrived": the longer wins.
    const inside = phrases
      .filter(({ phrase }) => [...phrase].length >= MIN_PHRASE_INSIDE && normalized.includes(phrase))
      .sort((a, b) => b.phrase.length - a.phrase.length);
    return inside[0]?.answer;
  }

  private phrases(context: TurnContext, options: YesNoOptions): Array<{ answer: YesNo; phrase: string }> {
    const t = turnT(context);
    return answers.flatMap((answer) => {
      const synonyms = t(`${options.choicesKey}.${answer}.synonyms`, { returnObjects: true }) as unknown;
      const words = [t(`${options.choicesKey}.${answer}.title`), ...(Array.isArray(synonyms) ? synonyms : [])];
      return words.filter((word): word is string => typeof word === 'string').map((word) => ({ answer, phrase: normalizeText(word) }));
    });
  }
}
