import { DialogTurnStatus, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { emailStepsCard } from '../cards/emailStepsCard.ts';
import { CardChoicePrompt } from '../shared/cardChoicePrompt.ts';
import type { CardChoiceOptions } from '../shared/cardChoicePrompt.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

export const EMAIL_DIALOG = 'emailDialog';
const INACCESSIBLE = 'emailInaccessible';
const WHO_PROMPT = 'emailWho';

export const emailIntents = ['change_email', 'email_inaccessible'] as const;
export type EmailIntent = (typeof emailIntents)[number];
export const isEmailIntent = (intent: string): intent is EmailIntent => (emailIntents as readonly string[]).includes(intent);

export type EmailOptions = JourneyOptions<EmailIntent>;
export type EmailResult = JourneyResult;

type Audience = 'student' | 'graduate';

/**
 * The registered email address. Still receiving mail: "Change mail address" in the menu after login (003 §2.4 (a),
 * 002 §2.4 (b)), with a button for an address that no longer works. No longer usable: a current student who cannot
 * log in needs staff, who verify the person (DOMAIN.md "What only people can do"); a graduate applies again with
 * the new address as 再申請 (002 §2.4 (c)). Whether the user is a graduate is asked only where the tenant has graduates.
 * Nothing here acts on an account, so the accounts port (kept for the journeys' common constructor) is never called.
 */
export class EmailDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(EMAIL_DIALOG);
    this.addDialog(new CardChoicePrompt(WHO_PROMPT));
    this.addDialog(new WaterfallDialog(INACCESSIBLE, [this.askWho.bind(this), this.explainInaccessible.bind(this)]));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: EmailOptions): Promise<DialogTurnResult> {
    if (options?.intent === 'email_inaccessible') return await innerDc.beginDialog(INACCESSIBLE);
    await innerDc.context.sendActivity(this.explainChange(innerDc.context));
    return { status: DialogTurnStatus.complete };
  }

  private explainChange(context: TurnContext): Partial<Activity> {
    const { t } = turnLanguage(context);
    const text = [t('email:change.intro'), ...(turnTenant(context).features.graduates ? [t('email:change.graduates')] : [])];
    return MessageFactory.attachment(emailStepsCard(t, { journey: 'change', offerCannotUse: true }), text.join('\n\n'));
  }

  private async askWho(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!turnTenant(step.context).features.graduates) return await step.next('student');
    const options: CardChoiceOptions = { questionKey: 'email:who.question', choicesKey: 'email:who.choices', values: ['student', 'graduate'] };
    return await step.beginDialog(WHO_PROMPT, options);
  }

  private async explainInaccessible(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const audience: Audience = step.result === 'graduate' ? 'graduate' : 'student';
    const { context } = step;
    const { t } = turnLanguage(context);
    if (audience === 'graduate') {
      await context.sendActivity(MessageFactory.attachment(emailStepsCard(t, { journey: 'reapply' }), t('email:inaccessible.graduate.intro')));
      return await step.endDialog();
    }
    // With two-factor authentication the login itself needs a key mailed to the old address (003 §2.3).
    const canLogin = [t('email:inaccessible.student.canLogin'), ...(turnTenant(context).features.twoFactor ? [t('email:inaccessible.student.twoFactor')] : [])];
    await context.sendActivity(MessageFactory.attachment(emailStepsCard(t, { journey: 'change' }), canLogin.join('\n\n')));
    await offerPerson(context, 'email:inaccessible.student.cannotLogin');
    return await step.endDialog();
  }
}
