import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { MenuTopic } from '../cards/menuCard.ts';
import { CardChoicePrompt } from '../shared/cardChoicePrompt.ts';
import type { JourneyResult } from '../shared/journey.ts';
import { turnLanguage } from '../shared/turnContext.ts';
import { answerLines, browserLines } from './faqAnswers.ts';
import { FaqFollowUpPrompt } from './faqFollowUpPrompt.ts';
import type { FollowUpOptions } from './faqFollowUpPrompt.ts';
import { printingChoices, printingQuestion } from './printingQuestion.ts';

export const FAQ_DIALOG = 'faqDialog';
const ANSWER = 'faqAnswer';
const DEVICE_PROMPT = 'faqDevicePrompt';
const FOLLOW_UP_PROMPT = 'faqFollowUpPrompt';

export interface FaqOptions {
  topic: MenuTopic;
}

/** `unanswered`: the message after the follow-up question was a new question; MainDialog understands it afresh. */
export type FaqResult = JourneyResult;

/**
 * Answers what the manuals answer that no journey walks through, from the locale files and the tenant's
 * settings: certificates (where to get them, paying, deadlines and refunds, from abroad, what only the
 * university arranges), supported browsers (asks PC or smartphone first), contact, the service's hours,
 * the portal's language switch and where the operating manual is.
 * Printing is asked in many ways: a message that names a part ("can I pay in cash?") gets that part;
 * otherwise a short overview and "what would you like to know more about?" rather than everything at once.
 */
export class FaqDialog extends ComponentDialog {
  constructor() {
    super(FAQ_DIALOG);
    this.addDialog(new CardChoicePrompt(DEVICE_PROMPT));
    this.addDialog(new FaqFollowUpPrompt(FOLLOW_UP_PROMPT));
    this.addDialog(new WaterfallDialog<FaqOptions>(ANSWER, [this.askDetail.bind(this), this.answer.bind(this)]));
    this.initialDialogId = ANSWER;
  }

  private async askDetail(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    const { topic } = step.options;
    if (topic === 'browsers') {
      return await step.beginDialog(DEVICE_PROMPT, {
        questionKey: 'faq:browsers.askDevice',
        choicesKey: 'faq:browsers.devices',
        values: ['pc', 'smartphone'],
      });
    }
    if (topic !== 'printing') return await step.next(topic);
    const asked = printingQuestion(turnLanguage(step.context).t, step.context.activity.text);
    if (asked) return await step.next(asked);
    const followUp: FollowUpOptions = {
      introKeys: ['faq:printing.overview', 'faq:printing.university'],
      questionKey: 'faq:printing.askMore',
      choicesKey: 'faq:printing.choices',
      topics: [...printingChoices],
    };
    return await step.beginDialog(FOLLOW_UP_PROMPT, followUp);
  }

  private async answer(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const { topic } = step.options;
    if (topic === 'browsers') return await this.send(step, browserLines(context, step.result));
    // After the follow-up question: a choice, a message naming a part, or a new question for MainDialog.
    const part = (step.result as MenuTopic | undefined) ?? printingQuestion(turnLanguage(context).t, context.activity.text);
    if (part === undefined || part === 'printing' || part === 'browsers') return await step.endDialog({ unanswered: true } satisfies FaqResult);
    return await this.send(step, answerLines(context, part));
  }

  private async send(step: WaterfallStepContext<FaqOptions>, lines: string[]): Promise<DialogTurnResult> {
    await step.context.sendActivity(lines.join('\n\n'));
    return await step.endDialog();
  }
}
