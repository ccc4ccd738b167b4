import { Dialog, DialogTurnStatus, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { contactLines } from '../shared/contactLines.ts';
import { FieldPrompt } from '../shared/fieldPrompt.ts';
import { formatHours } from '../shared/formatHours.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { YesNoPrompt } from '../shared/yesNoPrompt.ts';
import type { YesNoOptions } from '../shared/yesNoPrompt.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';
import { turnHandoffDesk } from './handoffDesk.ts';
import type { HandoffDesk, HandoffRequest } from './handoffDesk.ts';
import { contactEmailField, messageField } from './messageFormFields.ts';

export const HANDOFF_DIALOG = 'handoffDialog';

export const handoffIntents = ['human_agent'] as const;
export type HandoffIntent = (typeof handoffIntents)[number];
export const isHandoffIntent = (intent: string): intent is HandoffIntent => (handoffIntents as readonly string[]).includes(intent);

export type HandoffOptions = JourneyOptions<HandoffIntent>;
export type HandoffResult = JourneyResult;

/** How the host starts the dialog itself: from any step ("talk to a person"), or at the form after a failed wait. */
export interface HandoffStart {
  intent?: string;
  offerForm?: 'expired' | 'failed';
}

const WAIT = 'handoffWait';
const FORM = 'handoffForm';
const OFFER = 'handoffFormOffer';
const EMAIL = 'handoffFormEmail';
const TEXT = 'handoffFormText';

interface FormState {
  email?: string;
}

const offerQuestion: YesNoOptions = { questionKey: 'handoff:form.offer', choicesKey: 'handoff:form.choices', context: 'offer' };

/**
 * The way to a person (issue 6; DESIGN.md "Handoff"): in agent hours with someone online, the user joins the
 * queue and waits here while the host relays the conversation; otherwise (or after the wait ran out) the
 * message form: reply address, message, ticket. Without a handoff desk (tests, or a host without one),
 * the call center's lines, as before.
 */
export class HandoffDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(HANDOFF_DIALOG);
    this.addDialog(new WaitForPerson(WAIT));
    this.addDialog(new YesNoPrompt(OFFER));
    this.addDialog(new FieldPrompt(EMAIL, contactEmailField));
    this.addDialog(new FieldPrompt(TEXT, messageField));
    this.addDialog(new WaterfallDialog<FormState>(FORM, [this.offerForm.bind(this), this.askEmail.bind(this), this.askMessage.bind(this), this.sendMessage.bind(this)]));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: Partial<HandoffOptions> & HandoffStart): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const desk = turnHandoffDesk(context);
    if (!desk) {
      await offerPerson(context, 'interruptions:person');
      return { status: DialogTurnStatus.complete };
    }
    if (options?.offerForm) return await innerDc.beginDialog(FORM);
    const request = await desk.request(context, options?.intent ? { intent: options.intent } : {});
    return await this.answer(innerDc, request);
  }

  private async answer(innerDc: DialogContext, request: HandoffRequest): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const { t } = turnLanguage(context);
    switch (request.outcome) {
      case 'queued': {
        const estimate = request.estimateMinutes === undefined ? t('handoff:estimate.few') : t('handoff:estimate.minutes', { minutes: request.estimateMinutes });
        await context.sendActivity(t('handoff:queued', { position: request.position, estimate }));
        return await innerDc.beginDialog(WAIT);
      }
      case 'external':
        await context.sendActivity(t('handoff:external.connecting'));
        return await innerDc.beginDialog(WAIT);
      case 'already':
        return await innerDc.beginDialog(WAIT);
      case 'closed':
        await context.sendActivity(t('handoff:closed', { hours: formatHours(t, turnTenant(context).chatHours) }));
        return await innerDc.beginDialog(FORM);
      case 'nobodyOnline':
        await context.sendActivity(t('handoff:nobodyOnline'));
        return await innerDc.beginDialog(FORM);
    }
  }

  private async offerForm(step: WaterfallStepContext<FormState>): Promise<DialogTurnResult> {
    if (!this.desk(step).takesMessages(step.context)) return await this.callCenter(step);
    return await step.beginDialog(OFFER, offerQuestion);
  }

  private async askEmail(step: WaterfallStepContext<FormState>): Promise<DialogTurnResult> {
    if (step.result === undefined) return await step.endDialog({ unanswered: true } satisfies HandoffResult);
    if (step.result !== 'yes') {
      await step.context.sendActivity(turnLanguage(step.context).t('handoff:form.declined'));
      return await this.callCenter(step);
    }
    return await step.beginDialog(EMAIL);
  }

  private async askMessage(step: WaterfallStepContext<FormState>): Promise<DialogTurnResult> {
    if (typeof step.result !== 'string') return await this.callCenter(step);
    (step.values as FormState).email = step.result;
    return await step.beginDialog(TEXT);
  }

  private async sendMessage(step: WaterfallStepContext<FormState>): Promise<DialogTurnResult> {
    const email = (step.values as FormState).email;
    if (typeof step.result !== 'string' || !email) return await this.callCenter(step);
    await step.context.sendActivities([{ type: ActivityTypes.Typing }]);
    const ticket = await this.desk(step).leaveMessage(step.context, { email, text: step.result });
    await step.context.sendActivity(turnLanguage(step.context).t('handoff:form.sent', { ticket, email }));
    return await step.endDialog({} satisfies HandoffResult);
  }

  /** No form (or it was declined or given up): the call center's lines. */
  private async callCenter(step: WaterfallStepContext<FormState>): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    await step.context.sendActivity([t('handoff:form.unavailable'), ...contactLines(step.context).slice(1)].join('\n\n'));
    return await step.endDialog({} satisfies HandoffResult);
  }

  private desk(step: WaterfallStepContext<FormState>): HandoffDesk {
    const desk = turnHandoffDesk(step.context);
    if (!desk) throw new Error('HandoffDialog: the handoff desk left the turn');
    return desk;
  }
}

/**
 * Waits while the user is in line or with a person: the host keeps their messages from the dialogs then and
 * ends this wait when the conversation comes back. A message that still arrives here (the handoff ended
 * without the host noticing) is understood afresh by the caller.
 */
class WaitForPerson extends Dialog {
  override async beginDialog(): Promise<DialogTurnResult> {
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const unanswered = dc.context.activity.type === ActivityTypes.Message;
    return await dc.endDialog({ unanswered } satisfies HandoffResult);
  }
}
