import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Accounts, IdentityClaim, Verification } from '../../services/accounts/accounts.ts';
import type { Actor } from '../../services/audit/auditLog.ts';
import { DependencyError } from '../../services/errors.ts';
import { RateLimitedError } from '../../services/rateLimit/rateLimitedError.ts';
import { paceAnswers } from './evenPace.ts';
import { FieldPrompt } from './fieldPrompt.ts';
import { formatJst } from './formatJst.ts';
import { emailField, graduateDetailField, loginIdField } from './identityFields.ts';
import type { GraduateDetail } from './identityFields.ts';
import { InterruptibleDialog } from './interruptibleDialog.ts';
import { offerPerson } from './offerPerson.ts';
import { turnLanguage, turnT, turnTenant } from './turnContext.ts';

export const IDENTITY_CHECK_DIALOG = 'identityCheckDialog';
const STUDENT = 'identityStudent';
const GRADUATE = 'identityGraduate';
const LOGIN_ID_PROMPT = 'identityLoginId';
const EMAIL_PROMPT = 'identityEmail';
const DETAIL_PROMPT = 'identityGraduateDetail';

export interface IdentityCheckOptions {
  /** Students: tenant login ID + registered email. Graduates (manual 002): registered email + birth date or student ID. */
  kind: 'student' | 'graduate';
  /** Said before the first question: what the check is for. A key, so state holds no rendered text. */
  purposeKey?: string;
}

/**
 * What the caller gets. `checked` carries the service's Verification untouched: this dialog says nothing that
 * depends on it, and the caller must say the same for `verified: false` as for a verified account whose mail
 * was sent. `unavailable` (service down) and `gaveUp` (three unusable answers, or a rate limit reached) were already answered here.
 */
export type IdentityCheckResult = { outcome: 'checked'; verification: Verification } | { outcome: 'unavailable' } | { outcome: 'gaveUp' };

/** The answers so far; deleted once the claim is made, so state keeps no personal data past the check. */
interface ClaimState {
  loginId?: string;
  email?: string;
}

/**
 * The identity check before any account action (DESIGN.md Conversation rules; issue 5 item 8). Never asks for a
 * password. Every answer is normalised and checked for form first (an ID off the tenant's pattern never reaches
 * the service); then a short "one moment, please" and, with a typing indicator, one `verifyIdentity` call whose
 * result is returned as it is.
 * The words, cards and number of replies are the same whether the account exists or not, and the dialog does
 * no work that depends on it; the turn's answers go out at an even pace (evenPace.ts), whatever the caller does next. The service being down gets an apology and the way to a person at once.
 */
export class IdentityCheckDialog extends InterruptibleDialog {
  constructor(private readonly accounts: Accounts) {
    super(IDENTITY_CHECK_DIALOG);
    this.addDialog(new FieldPrompt(LOGIN_ID_PROMPT, loginIdField));
    this.addDialog(new FieldPrompt(EMAIL_PROMPT, emailField));
    this.addDialog(new FieldPrompt(DETAIL_PROMPT, graduateDetailField));
    this.addDialog(
      new WaterfallDialog<IdentityCheckOptions>(STUDENT, [this.askLoginId.bind(this), this.askEmail.bind(this), this.verifyStudent.bind(this)]),
    );
    this.addDialog(
      new WaterfallDialog<IdentityCheckOptions>(GRADUATE, [this.askEmail.bind(this), this.askDetail.bind(this), this.verifyGraduate.bind(this)]),
    );
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: IdentityCheckOptions): Promise<DialogTurnResult> {
    const checked: IdentityCheckOptions = options ?? { kind: 'student' };
    await this.introduce(innerDc.context, checked);
    return await innerDc.beginDialog(checked.kind === 'graduate' ? GRADUATE : STUDENT, checked);
  }

  private async askLoginId(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    return await step.beginDialog(LOGIN_ID_PROMPT);
  }

  /** Students: after the login ID. Graduates: the first question. */
  private async askEmail(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    if (step.options.kind === 'student') {
      if (typeof step.result !== 'string') return await this.giveUp(step);
      claimOf(step).loginId = step.result;
    }
    return await step.beginDialog(EMAIL_PROMPT);
  }

  private async askDetail(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    if (typeof step.result !== 'string') return await this.giveUp(step);
    claimOf(step).email = step.result;
    return await step.beginDialog(DETAIL_PROMPT);
  }

  private async verifyStudent(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    const claimed = claimOf(step);
    if (typeof step.result !== 'string' || claimed.loginId === undefined) return await this.giveUp(step);
    const tenant = turnTenant(step.context).id;
    return await this.verify(step, { kind: 'student', tenant, loginId: claimed.loginId, email: step.result });
  }

  private async verifyGraduate(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    const claimed = claimOf(step);
    const detail = step.result as GraduateDetail | undefined;
    if (detail === undefined || claimed.email === undefined) return await this.giveUp(step);
    const tenant = turnTenant(step.context).id;
    return await this.verify(step, { kind: 'graduate', tenant, email: claimed.email, ...detail });
  }

  /** The one service call, the same for every claim; DependencyError is the only failure answered here. */
  private async verify(step: WaterfallStepContext<IdentityCheckOptions>, claim: IdentityClaim): Promise<DialogTurnResult> {
    forget(step);
    // Said at once, as an agent would, so the user is not left waiting in silence for the paced answer. It goes out
    // before paceAnswers is armed and is not held: that is safe because it is sent before the service is called, in
    // the same words for every claim, so neither its text nor its timing can depend on the account.
    await step.context.sendActivity(turnT(step.context)('identity:checking'));
    await step.context.sendActivity({ type: ActivityTypes.Typing });
    paceAnswers(step.context);
    let verification: Verification;
    try {
      verification = await this.accounts.verifyIdentity(claim, userActor(step.context));
    } catch (error) {
      if (error instanceof RateLimitedError) return await this.sayLimited(step, error.retryAt);
      if (!(error instanceof DependencyError)) throw error;
      await offerPerson(step.context, 'identity:serviceDown');
      return await step.endDialog({ outcome: 'unavailable' } satisfies IdentityCheckResult);
    }
    return await step.endDialog({ outcome: 'checked', verification } satisfies IdentityCheckResult);
  }

  /**
   * Too many checks in this conversation or tenant (DESIGN.md Conversation rules): the next allowed time and a person.
   * The limit counts attempts before the service is asked, so this reply is the same whether the account exists.
   * It ends as `gaveUp`, which every caller already answers by ending its journey.
   */
  private async sayLimited(step: WaterfallStepContext<IdentityCheckOptions>, retryAt: Date): Promise<DialogTurnResult> {
    await offerPerson(step.context, 'identity:rateLimited', formatJst(turnLanguage(step.context).locale, retryAt));
    return await step.endDialog({ outcome: 'gaveUp' } satisfies IdentityCheckResult);
  }

  private async giveUp(step: WaterfallStepContext<IdentityCheckOptions>): Promise<DialogTurnResult> {
    forget(step);
    await offerPerson(step.context, 'identity:gaveUp');
    return await step.endDialog({ outcome: 'gaveUp' } satisfies IdentityCheckResult);
  }

  private async introduce(context: TurnContext, options: IdentityCheckOptions): Promise<void> {
    const t = turnT(context);
    await context.sendActivity([...(options.purposeKey ? [t(options.purposeKey)] : []), t('identity:intro')].join('\n\n'));
  }
}

/** The user in this conversation, as the audit log names them. */
export const userActor = (context: TurnContext): Actor => ({ kind: 'user', conversationId: context.activity.conversation.id });

const claimOf = (step: WaterfallStepContext<IdentityCheckOptions>): ClaimState => step.values as ClaimState;

function forget(step: WaterfallStepContext<IdentityCheckOptions>): void {
  const claimed = claimOf(step);
  delete claimed.loginId;
  delete claimed.email;
}
