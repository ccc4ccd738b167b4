import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import { choiceCard } from '../cards/choiceCard.ts';
import { readCardAction } from '../cards/adaptiveCard.ts';
import { turnT } from './turnContext.ts';

/**
 * Locale keys, not rendered text, are kept in dialog state, so a reprompt after a language switch
 * (or after a restart) renders the question in the user's current language.
 */
export interface CardChoiceOptions {
  questionKey: string;
  /** Each choice's title is `${choicesKey}.${value}.title`; typed synonyms are `${choicesKey}.${value}.synonyms`. */
  choicesKey: string;
  values: string[];
}

interface PromptState {
  options: CardChoiceOptions;
}

/** Asks a question with a card of buttons; accepts a button press, the title, a synonym or the number. */
export class CardChoicePrompt extends Dialog<CardChoiceOptions> {
  override async beginDialog(dc: DialogContext, options?: CardChoiceOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('CardChoicePrompt: options are required');
    (dc.activeDialog!.state as PromptState).options = options;
    await this.ask(dc.context, options, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const { options } = dc.activeDialog!.state as PromptState;
    const chosen = this.recognize(dc.context, options);
    if (chosen !== undefined) return await dc.endDialog(chosen);
    await this.ask(dc.context, options, true);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).options, false);
  }

  private async ask(context: TurnContext, options: CardChoiceOptions, isRetry: boolean): Promise<void> {
    const t = turnT(context);
    const question = isRetry ? `${t('common:choiceRetry')}\n\n${t(options.questionKey)}` : t(options.questionKey);
    // The question is the message text; the card carries only the buttons, so it is not shown twice.
    const card = choiceCard({
      choices: options.values.map((value) => ({ value, title: t(`${options.choicesKey}.${value}.title`) })),
    });
    await context.sendActivity(MessageFactory.attachment(card, question));
  }

  private recognize(context: TurnContext, options: CardChoiceOptions): string | undefined {
    const action = readCardAction(context.activity.value);
    if (action?.action === 'choice') return options.values.find((value) => value === action.value);
    const text = normalizeText(context.activity.text ?? '');
    if (text === '') return undefined;
    const t = turnT(context);
    return options.values.find((value, index) => {
      const synonyms = t(`${options.choicesKey}.${value}.synonyms`, { returnObjects: true }) as unknown;
      const words = [value, String(index + 1), t(`${options.choicesKey}.${value}.title`), ...(Array.isArray(synonyms) ? synonyms : [])];
      return words.some((word) => typeof word === 'string' && normalizeText(word) === text);
    });
  }
}
