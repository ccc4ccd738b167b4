import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { IntentId, Nlu } from '../services/nlu/nlu.ts';
import { readCardAction } from './cards/adaptiveCard.ts';
import { isMenuTopic } from './cards/menuCard.ts';
import type { MenuTopic } from './cards/menuCard.ts';
import { FAQ_DIALOG, FaqDialog } from './faq/faqDialog.ts';
import { InterruptibleDialog } from './shared/interruptibleDialog.ts';
import { requestedLocale } from './shared/languageCommand.ts';
import { menuReply } from './shared/menuReply.ts';
import { turnLanguage } from './shared/turnContext.ts';

export const MAIN_DIALOG = 'mainDialog';
const ROUTE = 'mainRoute';

/** Intents answered by a menu topic until their own journeys exist. */
const topicOfIntent: Partial<Record<IntentId, MenuTopic>> = {
  supported_browsers: 'browsers',
  contact_hours: 'contact',
  human_agent: 'contact',
  language_switch: 'portalLanguage',
  certificate_printing: 'deadlines',
};

/** Menu and routing only: a card button or a recognised message starts a topic; anything else gets the menu. */
export class MainDialog extends InterruptibleDialog {
  constructor(
    private readonly nlu: Nlu,
    private readonly misses: StatePropertyAccessor<number>,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new FaqDialog());
    this.addDialog(new WaterfallDialog(ROUTE, [this.route.bind(this), this.offerMore.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const { text, value } = context.activity;
    const locale = requestedLocale(text, value);
    if (locale) {
      await turnLanguage(context).switchTo(locale);
      return await this.reply(step, 'common:languageChanged');
    }
    const action = readCardAction(value);
    const intent = action ? undefined : await this.intentOf(context);
    const topic = action?.action === 'menu' && isMenuTopic(action.topic) ? action.topic : intent && topicOfIntent[intent];
    if (topic) {
      await this.misses.set(context, 0);
      return await step.beginDialog(FAQ_DIALOG, { topic });
    }
    if (intent === 'greeting') return await this.reply(step, 'common:greeting');
    if (intent === 'thanks_bye') return await this.reply(step, 'common:thanks', false);
    return await this.notUnderstood(step);
  }

  private async offerMore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return await this.reply(step, 'common:anythingElse');
  }

  private async reply(step: WaterfallStepContext, key: string, withMenu = true, misses = 0): Promise<DialogTurnResult> {
    await this.misses.set(step.context, misses);
    await step.context.sendActivity(withMenu ? menuReply(step.context, key) : turnLanguage(step.context).t(key));
    return await step.endDialog();
  }

  /** Two misunderstandings in a row: the menu and the way to a person (DESIGN.md, Conversation rules). */
  private async notUnderstood(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const misses = (await this.misses.get(step.context, 0)) + 1;
    if (misses < 2) return await this.reply(step, 'common:notUnderstood', true, misses);
    await this.misses.set(step.context, 0);
    await step.context.sendActivity(turnLanguage(step.context).t('common:notUnderstoodAgain'));
    return await step.beginDialog(FAQ_DIALOG, { topic: 'contact' });
  }

  private async intentOf(context: TurnContext): Promise<IntentId | undefined> {
    const text = context.activity.text?.trim();
    if (!text) return undefined;
    const recognition = await this.nlu.recognize(text, turnLanguage(context).locale);
    return recognition.intent === 'none' ? undefined : recognition.intent;
  }
}
