import { ActivityTypes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AccountRef, Accounts, ActionResult, RegistrationStatus } from '../../services/accounts/accounts.ts';
import type { ChecklistMail } from '../cards/missingMailChecklistCard.ts';
import { formatJst } from '../shared/formatJst.ts';
import { userActor } from '../shared/identityCheckDialog.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { describeDelivery } from './deliveryStatus.ts';
import type { Audience } from './missingMails.ts';

/** `sent`: a mail went (or, to an unverified claim, was said to go) out, so "did it arrive?" follows. */
export type DeskOutcome = 'sent' | 'done';

/** The outbox's kinds of each mail this journey troubleshoots: a bounce of one of them stops its resend. */
const kindsOf: Readonly<Record<ChecklistMail, readonly string[]>> = {
  confirmation: ['emailConfirmation'],
  change: ['emailConfirmation'],
  reset: ['secondPasswordReset', 'graduatePasswordReset'],
};

/**
 * The account-specific half of the journey, after the identity check. `account` is present only when the check
 * verified the claim; without it no service call is made, and the replies are those of a verified account that has
 * no delivery record and whose mail was sent: "no record to show", "if the details match, it has been sent", "did it
 * arrive?" (issue 5 item 8). Only a verified account hears its delivery status, masked address, stage or budget.
 */
export class MailDesk {
  constructor(private readonly accounts: Accounts) {}

  async reportAndResend(context: TurnContext, mail: ChecklistMail, audience: Audience, account: AccountRef | undefined): Promise<DeskOutcome> {
    await context.sendActivity({ type: ActivityTypes.Typing });
    const status = account ? await this.accounts.registrationStatus(account, userActor(context)) : undefined;
    await context.sendActivity(this.statusLine(context, status));
    const bounced = status?.lastMail?.state === 'bounced' && kindsOf[mail].includes(status.lastMail.kind);
    if (mail === 'change') return await this.changeInstead(context, bounced);
    if (bounced) return await this.afterBounce(context, mail);
    if (mail === 'confirmation' && status?.kind === 'student' && status.stage !== 'email_pending') {
      await context.sendActivity(this.withLabel(context, status.stage === 'not_registered' ? 'notRegistered' : 'alreadyDone'));
      return 'done';
    }
    const result: ActionResult = account ? await this.resend(context, mail, account) : { ok: true };
    if (!result.ok) return await this.sayRefusal(context, mail, audience, result);
    const { t } = turnLanguage(context);
    const validity = mail === 'reset' ? `missingMail:resend.validity.reset.${audience}` : 'missingMail:resend.validity.confirmation';
    await context.sendActivity([t(`missingMail:resend.sent.${mail}`), t(validity), t('missingMail:resend.spam')].join('\n\n'));
    return 'sent';
  }

  /** After "it has not arrived": the new mail's delivery status (verified only), the two checks that remain, a person. */
  async stillMissing(context: TurnContext, account: AccountRef | undefined): Promise<DeskOutcome> {
    await context.sendActivity({ type: ActivityTypes.Typing });
    const status = account ? await this.accounts.registrationStatus(account, userActor(context)) : undefined;
    const { t } = turnLanguage(context);
    const reminder = t('missingMail:arrival.reminder', { sender: turnTenant(context).senderAddress });
    await context.sendActivity(`${this.statusLine(context, status)}\n\n${reminder}`);
    await offerPerson(context, 'missingMail:arrival.stillMissing');
    return 'done';
  }

  private statusLine(context: TurnContext, status: RegistrationStatus | undefined): string {
    const { t, locale } = turnLanguage(context);
    return status?.lastMail ? describeDelivery(t, locale, status.lastMail) : t('missingMail:status.none');
  }

  /** 003 §2.1 step 7 for the confirmation mail; §2.4 (c) and 002 for the reset mail. */
  private async resend(context: TurnContext, mail: 'confirmation' | 'reset', account: AccountRef): Promise<ActionResult> {
    const actor = userActor(context);
    return mail === 'confirmation'
      ? await this.accounts.resendEmailConfirmation(account, actor)
      : await this.accounts.sendSecondPasswordReset(account, actor);
  }

  /**
   * No port call resends an email change's confirmation, and it would go to an address the identity check did not
   * cover: the user enters the change again (003 §2.4 (a)), or a person helps.
   */
  private async changeInstead(context: TurnContext, bounced: boolean): Promise<DeskOutcome> {
    if (bounced) await context.sendActivity(turnLanguage(context).t('missingMail:bounced.change'));
    await offerPerson(context, 'missingMail:change.redo');
    return 'done';
  }

  /** A refused mail is not sent again to the same address: the confirmation's address is re-entered; a registered one needs a person. */
  private async afterBounce(context: TurnContext, mail: 'confirmation' | 'reset'): Promise<DeskOutcome> {
    if (mail === 'confirmation') await context.sendActivity(this.withLabel(context, 'bounced'));
    else await offerPerson(context, 'missingMail:bounced.reset');
    return 'done';
  }

  private async sayRefusal(
    context: TurnContext,
    mail: 'confirmation' | 'reset',
    audience: Audience,
    result: Extract<ActionResult, { ok: false }>,
  ): Promise<DeskOutcome> {
    const { t, locale } = turnLanguage(context);
    if (result.reason === 'budget_exhausted') await context.sendActivity(t('missingMail:resend.budget', formatJst(locale, result.retryAt)));
    else if (result.reason === 'account_locked') await offerPerson(context, 'missingMail:resend.locked');
    else if (mail === 'reset') await offerPerson(context, `missingMail:resend.notApplicable.${audience}`);
    else await context.sendActivity(this.withLabel(context, 'notRegistered'));
    return 'done';
  }

  /** The confirmation mail's texts that name the tenant's login-ID label. */
  private withLabel(context: TurnContext, which: 'bounced' | 'notRegistered' | 'alreadyDone'): string {
    const { t, locale } = turnLanguage(context);
    const key = which === 'bounced' ? 'missingMail:bounced.confirmation' : `missingMail:confirmation.${which}`;
    return t(key, { label: turnTenant(context).loginId.label[locale] });
  }
}
