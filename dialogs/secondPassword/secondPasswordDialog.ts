import { DialogTurnStatus, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import type { AccountRef, Accounts, ActionResult, Verification } from '../../services/accounts/accounts.ts';
import { DependencyError } from '../../services/errors.ts';
import type { YesNo } from '../../services/recognition/yesNoTable.ts';
import { passwordRulesCard } from '../cards/passwordRulesCard.ts';
import { resetMailChecklistCard } from '../cards/resetMailChecklistCard.ts';
import { secondPasswordStepsCard } from '../cards/secondPasswordStepsCard.ts';
import { CardChoicePrompt } from '../shared/cardChoicePrompt.ts';
import { formatJst } from '../shared/formatJst.ts';
import { IDENTITY_CHECK_DIALOG, IdentityCheckDialog, userActor } from '../shared/identityCheckDialog.ts';
import type { IdentityCheckOptions, IdentityCheckResult } from '../shared/identityCheckDialog.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { YesNoPrompt } from '../shared/yesNoPrompt.ts';

export const SECOND_PASSWORD_DIALOG = 'secondPasswordDialog';
const RESET = 'secondPasswordReset';
const WHO_PROMPT = 'secondPasswordWho';
const ARRIVAL_PROMPT = 'secondPasswordArrival';

export const secondPasswordIntents = ['set_second_password', 'forgot_second_password', 'change_second_password'] as const;
export type SecondPasswordIntent = (typeof secondPasswordIntents)[number];
export const isSecondPasswordIntent = (intent: string): intent is SecondPasswordIntent =>
  (secondPasswordIntents as readonly string[]).includes(intent);

export interface SecondPasswordOptions {
  intent: SecondPasswordIntent;
}

/** `unanswered`: the message after "did it arrive?" was not an answer; the caller should understand it afresh. */
export interface SecondPasswordResult {
  unanswered?: boolean;
}

type Audience = 'student' | 'graduate';

interface ResetState {
  audience?: Audience;
}

/**
 * The second password (manual 003 §2.2, §2.4 (b), (c); graduates 002 §2.2 (e)). Setting it for the first time
 * and changing it get the screens' steps and the rules with examples; the bot never collects one. Forgetting it
 * gets the identity check, then the reset mail, then "did it arrive?" and the missing-mail checklist.
 * A tenant without a second password hears only that it has none.
 */
export class SecondPasswordDialog extends InterruptibleDialog {
  constructor(private readonly accounts: Accounts) {
    super(SECOND_PASSWORD_DIALOG);
    this.addDialog(new IdentityCheckDialog(accounts));
    this.addDialog(new CardChoicePrompt(WHO_PROMPT));
    this.addDialog(new YesNoPrompt(ARRIVAL_PROMPT));
    this.addDialog(
      new WaterfallDialog<SecondPasswordOptions>(RESET, [
        this.askWho.bind(this),
        this.checkIdentity.bind(this),
        this.sendResetMail.bind(this),
        this.followUp.bind(this),
      ]),
    );
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: SecondPasswordOptions): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const intent = options?.intent ?? 'forgot_second_password';
    const tenant = turnTenant(context);
    const { t, locale } = turnLanguage(context);
    if (!tenant.features.secondPassword) return await done(context, t('secondPassword:notUsed', { university: tenant.name[locale] }));
    if (intent === 'set_second_password') return await done(context, this.explainSetting(context));
    if (intent === 'change_second_password') return await done(context, this.explainChanging(context));
    return await innerDc.beginDialog(RESET, options);
  }

  /** 003 §2.2: where it is set, the steps, the rules with examples; never asked for. */
  private explainSetting(context: TurnContext): Partial<Activity> {
    const { t, locale } = turnLanguage(context);
    const tenant = turnTenant(context);
    const text = [t('secondPassword:set.intro'), ...(tenant.features.graduates ? [t('secondPassword:set.graduates')] : []), t('secondPassword:neverShare')];
    const steps = secondPasswordStepsCard(t, { journey: 'set', loginIdLabel: tenant.loginId.label[locale] });
    return MessageFactory.list([steps, passwordRulesCard(t, { audience: 'student', withExamples: true })], text.join('\n\n'));
  }

  /** 003 §2.4 (b): the menu steps after login, the rules, and a button for a user who no longer knows the current one. */
  private explainChanging(context: TurnContext): Partial<Activity> {
    const { t, locale } = turnLanguage(context);
    const steps = secondPasswordStepsCard(t, { journey: 'change', loginIdLabel: turnTenant(context).loginId.label[locale] });
    const text = [t('secondPassword:change.intro'), t('secondPassword:neverShare')].join('\n\n');
    return MessageFactory.list([steps, passwordRulesCard(t, { audience: 'student', withExamples: false })], text);
  }

  /** Graduates reset both passwords by another route (002 §2.2 (e)), so ask which, where the tenant has graduates. */
  private async askWho(step: WaterfallStepContext<SecondPasswordOptions>): Promise<DialogTurnResult> {
    if (!turnTenant(step.context).features.graduates) return await step.next('student');
    return await step.beginDialog(WHO_PROMPT, {
      questionKey: 'secondPassword:who.question',
      choicesKey: 'secondPassword:who.choices',
      values: ['student', 'graduate'],
    });
  }

  private async checkIdentity(step: WaterfallStepContext<SecondPasswordOptions>): Promise<DialogTurnResult> {
    const audience: Audience = step.result === 'graduate' ? 'graduate' : 'student';
    (step.values as ResetState).audience = audience;
    const options: IdentityCheckOptions = { kind: audience, purposeKey: `secondPassword:forgot.purpose.${audience}` };
    return await step.beginDialog(IDENTITY_CHECK_DIALOG, options);
  }

  /**
   * A verified account gets the reset mail; an unverified claim gets exactly the reply of a mail sent, with no
   * further call (issue 5 item 8). Only a verified account hears about its budget, lock or state.
   */
  private async sendResetMail(step: WaterfallStepContext<SecondPasswordOptions>): Promise<DialogTurnResult> {
    const check = step.result as IdentityCheckResult | undefined;
    if (check?.outcome !== 'checked') return await step.endDialog();
    const audience = (step.values as ResetState).audience ?? 'student';
    let result: ActionResult;
    try {
      result = await this.resetIfVerified(step.context, check.verification);
    } catch (error) {
      if (!(error instanceof DependencyError)) throw error;
      await offerPerson(step.context, 'identity:serviceDown');
      return await step.endDialog();
    }
    if (result.ok) {
      await this.sayMailSent(step.context, audience);
      return await step.beginDialog(ARRIVAL_PROMPT, {
        questionKey: 'secondPassword:arrival.question',
        choicesKey: 'secondPassword:arrival.choices',
        context: 'confirm',
      });
    }
    return await this.sayRefusal(step, result, audience);
  }

  private async resetIfVerified(context: TurnContext, verification: Verification): Promise<ActionResult> {
    if (!verification.verified) return { ok: true };
    const account: AccountRef = verification.account;
    return await this.accounts.sendSecondPasswordReset(account, userActor(context));
  }

  /** 003 §2.4 (c): "if the details match, a mail has been sent", the link's 30 minutes, the spam folder, the rules. */
  private async sayMailSent(context: TurnContext, audience: Audience): Promise<void> {
    const { t } = turnLanguage(context);
    const text = [t('secondPassword:forgot.sent'), t(`secondPassword:forgot.validity.${audience}`), t('secondPassword:forgot.spam')];
    await context.sendActivity(MessageFactory.attachment(passwordRulesCard(t, { audience, withExamples: false }), text.join('\n\n')));
  }

  private async sayRefusal(
    step: WaterfallStepContext<SecondPasswordOptions>,
    result: Extract<ActionResult, { ok: false }>,
    audience: Audience,
  ): Promise<DialogTurnResult> {
    const { context } = step;
    const { t, locale } = turnLanguage(context);
    if (result.reason === 'budget_exhausted') {
      await context.sendActivity(t('secondPassword:forgot.budget', formatJst(locale, result.retryAt)));
    } else if (result.reason === 'account_locked') {
      await offerPerson(context, 'secondPassword:forgot.locked');
    } else {
      await offerPerson(context, `secondPassword:forgot.notApplicable.${audience}`);
    }
    return await step.endDialog();
  }

  /** "Did it arrive?": yes ends well; no gets the checklist and a person; anything else is understood afresh. */
  private async followUp(step: WaterfallStepContext<SecondPasswordOptions>): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    const { context } = step;
    const { t } = turnLanguage(context);
    const audience = (step.values as ResetState).audience ?? 'student';
    if (answer === undefined) return await step.endDialog({ unanswered: true } satisfies SecondPasswordResult);
    if (answer === 'yes') {
      await context.sendActivity(t(`secondPassword:arrival.arrived.${audience}`));
      return await step.endDialog();
    }
    const card = resetMailChecklistCard(t, { senderAddress: turnTenant(context).senderAddress });
    await context.sendActivity(MessageFactory.attachment(card, t('secondPassword:checklist.intro')));
    await offerPerson(context, 'secondPassword:checklist.stillMissing');
    return await step.endDialog();
  }
}

/** Replies once and ends the journey at its first turn. */
async function done(context: TurnContext, reply: string | Partial<Activity>): Promise<DialogTurnResult> {
  await context.sendActivity(reply);
  return { status: DialogTurnStatus.complete };
}
