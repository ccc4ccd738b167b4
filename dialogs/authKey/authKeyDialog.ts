import { DialogTurnStatus, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import type { Accounts, ActionResult, Verification } from '../../services/accounts/accounts.ts';
import { DependencyError } from '../../services/errors.ts';
import type { YesNo } from '../../services/recognition/yesNoTable.ts';
import { authKeyStepsCard } from '../cards/authKeyStepsCard.ts';
import { resetMailChecklistCard } from '../cards/resetMailChecklistCard.ts';
import { formatJst } from '../shared/formatJst.ts';
import { IDENTITY_CHECK_DIALOG, IdentityCheckDialog, userActor } from '../shared/identityCheckDialog.ts';
import type { IdentityCheckOptions, IdentityCheckResult } from '../shared/identityCheckDialog.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { YesNoPrompt } from '../shared/yesNoPrompt.ts';

export const AUTH_KEY_DIALOG = 'authKeyDialog';
const REISSUE = 'authKeyReissue';
const OFFER_PROMPT = 'authKeyOffer';
const ARRIVAL_PROMPT = 'authKeyArrival';

export const authKeyIntents = ['auth_key_missing', 'auth_key_locked', 'two_factor_settings'] as const;
export type AuthKeyIntent = (typeof authKeyIntents)[number];
export const isAuthKeyIntent = (intent: string): intent is AuthKeyIntent => (authKeyIntents as readonly string[]).includes(intent);

export interface AuthKeyOptions {
  intent: AuthKeyIntent;
}

/**
 * `unanswered`: the message after "shall I reissue it?" or "did it arrive?" was not an answer; the caller
 * should understand it afresh (as with SecondPasswordResult).
 */
export interface AuthKeyResult {
  unanswered?: boolean;
}

/**
 * The authentication key of two-factor authentication (manual 003 §2.3 steps 4–7, §2.6, §2.7).
 * Missing, lost or expired: why it happens and the Reissue button; invalidated after wrong entries: what
 * happened (the tenant's failure limit) and the Reissue button. Both then offer to reissue it from here:
 * identity check, `reissueAuthKey`, the same reply whether or not the account exists, then "did it arrive?".
 * The settings question gets the menu steps. A tenant without two-factor authentication hears only that.
 */
export class AuthKeyDialog extends InterruptibleDialog {
  constructor(private readonly accounts: Accounts) {
    super(AUTH_KEY_DIALOG);
    this.addDialog(new IdentityCheckDialog(accounts));
    this.addDialog(new YesNoPrompt(OFFER_PROMPT));
    this.addDialog(new YesNoPrompt(ARRIVAL_PROMPT));
    this.addDialog(
      new WaterfallDialog<AuthKeyOptions>(REISSUE, [
        this.offer.bind(this),
        this.checkIdentity.bind(this),
        this.reissue.bind(this),
        this.followUp.bind(this),
      ]),
    );
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: AuthKeyOptions): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const intent = options?.intent ?? 'auth_key_missing';
    const tenant = turnTenant(context);
    const { t, locale } = turnLanguage(context);
    if (!tenant.features.twoFactor) return await done(context, t('authKey:notUsed', { university: tenant.name[locale] }));
    if (intent === 'two_factor_settings') {
      return await done(context, MessageFactory.attachment(authKeyStepsCard(t, { journey: 'settings' }), t('authKey:settings.intro')));
    }
    await context.sendActivity(this.explain(context, intent));
    return await innerDc.beginDialog(REISSUE, { intent } satisfies AuthKeyOptions);
  }

  /** §2.3 (sent at each login, expiry in the mail, closing the screen, Reissue) or §2.6 (invalidated, Reissue). */
  private explain(context: TurnContext, intent: 'auth_key_missing' | 'auth_key_locked'): Partial<Activity> {
    const { t } = turnLanguage(context);
    const tenant = turnTenant(context);
    const text =
      intent === 'auth_key_locked'
        ? [t('authKey:locked.why', { limit: String(tenant.authKey.failureLimit) }), t('authKey:locked.reissue'), t('authKey:locked.repeated')]
        : [t('authKey:missing.why'), t('authKey:missing.closed'), t('authKey:missing.reissue')];
    const journey = intent === 'auth_key_locked' ? 'locked' : 'missing';
    return MessageFactory.attachment(authKeyStepsCard(t, { journey }), [...text, t('authKey:neverShare')].join('\n\n'));
  }

  private async offer(step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> {
    return await step.beginDialog(OFFER_PROMPT, { questionKey: 'authKey:offer.question', choicesKey: 'authKey:offer.choices', context: 'offer' });
  }

  private async checkIdentity(step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    if (answer === undefined) return await step.endDialog({ unanswered: true } satisfies AuthKeyResult);
    if (answer === 'no') {
      await step.context.sendActivity(turnLanguage(step.context).t('authKey:offer.declined'));
      return await step.endDialog();
    }
    const options: IdentityCheckOptions = { kind: 'student', purposeKey: 'authKey:reissue.purpose' };
    return await step.beginDialog(IDENTITY_CHECK_DIALOG, options);
  }

  /**
   * A verified account gets the new key; an unverified claim gets exactly the reply of a key sent, with no
   * further call (issue 5 item 8). Only a verified account hears about its budget or its lock.
   */
  private async reissue(step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> {
    const check = step.result as IdentityCheckResult | undefined;
    if (check?.outcome !== 'checked') return await step.endDialog();
    let result: ActionResult;
    try {
      result = await this.reissueIfVerified(step.context, check.verification);
    } catch (error) {
      if (!(error instanceof DependencyError)) throw error;
      await offerPerson(step.context, 'identity:serviceDown');
      return await step.endDialog();
    }
    if (result.ok) {
      const { t } = turnLanguage(step.context);
      await step.context.sendActivity([t('authKey:reissue.sent'), t('authKey:reissue.expiry'), t('authKey:reissue.spam')].join('\n\n'));
      return await step.beginDialog(ARRIVAL_PROMPT, { questionKey: 'authKey:arrival.question', choicesKey: 'authKey:arrival.choices', context: 'confirm' });
    }
    return await this.sayRefusal(step, result);
  }

  private async reissueIfVerified(context: TurnContext, verification: Verification): Promise<ActionResult> {
    if (!verification.verified) return { ok: true };
    return await this.accounts.reissueAuthKey(verification.account, userActor(context));
  }

  /** The budget gets the next allowed time in Japan; past the account's failure limit (selfServiceBlocked), a person. */
  private async sayRefusal(step: WaterfallStepContext<AuthKeyOptions>, result: Extract<ActionResult, { ok: false }>): Promise<DialogTurnResult> {
    const { context } = step;
    const { t, locale } = turnLanguage(context);
    if (result.reason === 'budget_exhausted') await context.sendActivity(t('authKey:reissue.budget', formatJst(locale, result.retryAt)));
    else if (result.reason === 'account_locked') await offerPerson(context, 'authKey:reissue.locked');
    else await offerPerson(context, 'authKey:reissue.notApplicable');
    return await step.endDialog();
  }

  /** "Did it arrive?": yes ends well; no gets the missing-mail checklist and a person; anything else is understood afresh. */
  private async followUp(step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    const { context } = step;
    const { t } = turnLanguage(context);
    if (answer === undefined) return await step.endDialog({ unanswered: true } satisfies AuthKeyResult);
    if (answer === 'yes') {
      await context.sendActivity(t('authKey:arrival.arrived'));
      return await step.endDialog();
    }
    const card = resetMailChecklistCard(t, { senderAddress: turnTenant(context).senderAddress });
    await context.sendActivity(MessageFactory.attachment(card, t('authKey:checklist.intro')));
    await offerPerson(context, 'authKey:checklist.stillMissing');
    return await step.endDialog();
  }
}

/** Replies once and ends the journey at its first turn. */
async function done(context: TurnContext, reply: string | Partial<Activity>): Promise<DialogTurnResult> {
  await context.sendActivity(reply);
  return { status: DialogTurnStatus.complete };
}
