import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { MenuTopic } from '../cards/menuCard.ts';
import { CardChoicePrompt } from '../shared/cardChoicePrompt.ts';
import { contactLines } from '../shared/contactLines.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

export const FAQ_DIALOG = 'faqDialog';
const ANSWER = 'faqAnswer';
const DEVICE_PROMPT = 'faqDevicePrompt';

export interface FaqOptions {
  topic: MenuTopic;
}

/**
 * Answers the questions every manual answers, from the locale files and the tenant's settings:
 * supported browsers (asks PC or smartphone first), contact numbers and hours, the portal's
 * language switch, where the operating manual is, and payment and printing deadlines.
 */
export class FaqDialog extends ComponentDialog {
  constructor() {
    super(FAQ_DIALOG);
    this.addDialog(new CardChoicePrompt(DEVICE_PROMPT));
    this.addDialog(new WaterfallDialog<FaqOptions>(ANSWER, [this.askDetail.bind(this), this.answer.bind(this)]));
    this.initialDialogId = ANSWER;
  }

  private async askDetail(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    if (step.options.topic !== 'browsers') return await step.next();
    return await step.beginDialog(DEVICE_PROMPT, {
      questionKey: 'faq:browsers.askDevice',
      choicesKey: 'faq:browsers.devices',
      values: ['pc', 'smartphone'],
    });
  }

  private async answer(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    const lines = answerLines(step.context, step.options.topic, step.result);
    await step.context.sendActivity(lines.join('\n\n'));
    return await step.endDialog();
  }
}

function answerLines(context: TurnContext, topic: MenuTopic, detail: unknown): string[] {
  const { t, locale } = turnLanguage(context);
  const tenant = turnTenant(context);
  const university = tenant.name[locale];
  switch (topic) {
    case 'browsers':
      return [t(`faq:browsers.${detail === 'pc' ? 'pc' : 'smartphone'}`), t('faq:browsers.notGuaranteed')];
    case 'contact':
      return contactLines(context);
    case 'portalLanguage':
      return [t('faq:portalLanguage.intro'), numbered(t('faq:portalLanguage.steps', { returnObjects: true })), t('faq:portalLanguage.note')];
    case 'manual':
      return [t('faq:manual.answer'), t('faq:manual.university', { university, webPage: tenant.webPage })];
    case 'deadlines':
      return [
        t('faq:deadlines.period'),
        t('faq:deadlines.noRefund'),
        numbered(t('faq:deadlines.payment', { returnObjects: true })),
        t('faq:deadlines.university', { university, webPage: tenant.webPage }),
      ];
  }
}

function numbered(items: unknown): string {
  const list = Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [];
  return list.map((item, index) => `${index + 1}. ${item}`).join('\n');
}
