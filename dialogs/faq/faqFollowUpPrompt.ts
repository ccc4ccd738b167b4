import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import { readCardAction } from '../cards/adaptiveCard.ts';
import { faqFollowUpCard } from '../cards/faqFollowUpCard.ts';
import type { MenuTopic } from '../cards/menuCard.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

/** Locale keys, not text, so that a reprompt after a language switch is in the new language. */
export interface FollowUpOptions {
  /** Said once, before the question, with the tenant's `university` and `webPage`. */
  introKeys: string[];
  questionKey: string;
  /** Each choice's title is `${choicesKey}.${topic}.title`; typed synonyms are `${choicesKey}.${topic}.synonyms`. */
  choicesKey: string;
  topics: MenuTopic[];
}

interface PromptState {
  options: FollowUpOptions;
}

/**
 * A short answer's follow-up: "what would you like to know more about?" with a button per part. Unlike
 * CardChoicePrompt it never insists: anything that is not one of the choices (a new question, another menu
 * button) ends it with no result, so the caller can understand that message afresh.
 */
export class FaqFollowUpPrompt extends Dialog<FollowUpOptions> {
  override async beginDialog(dc: DialogContext, options?: FollowUpOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('FaqFollowUpPrompt: options are required');
    (dc.activeDialog!.state as PromptState).options = options;
    await ask(dc.context, options, true);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const { options } = dc.activeDialog!.state as PromptState;
    return await dc.endDialog(chosen(dc.context, options));
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await ask(context, (instance.state as PromptState).options, false);
  }
}

async function ask(context: TurnContext, options: FollowUpOptions, withIntro: boolean): Promise<void> {
  const { t, locale } = turnLanguage(context);
  const tenant = turnTenant(context);
  const args = { university: tenant.name[locale], webPage: tenant.webPage };
  const intro = withIntro ? options.introKeys.map((key) => t(key, args)) : [];
  const card = faqFollowUpCard(t, { choicesKey: options.choicesKey, topics: options.topics });
  await context.sendActivity(MessageFactory.attachment(card, [...intro, t(options.questionKey)].join('\n\n')));
}

/** A button press, or the typed number, title or a synonym of a choice; undefined for anything else. */
function chosen(context: TurnContext, options: FollowUpOptions): MenuTopic | undefined {
  const action = readCardAction(context.activity.value);
  if (action) return action.action === 'menu' ? options.topics.find((topic) => topic === action.topic) : undefined;
  const text = normalizeText(context.activity.text ?? '');
  if (text === '') return undefined;
  const { t } = turnLanguage(context);
  return options.topics.find((topic, index) => {
    const synonyms = t(`${options.choicesKey}.${topic}.synonyms`, { returnObjects: true }) as unknown;
    const words = [String(index + 1), t(`${options.choicesKey}.${topic}.title`), ...(Array.isArray(synonyms) ? synonyms : [])];
    return words.some((word) => typeof word === 'string' && normalizeText(word) === text);
  });
}
