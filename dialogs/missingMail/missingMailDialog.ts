import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AccountRef, Accounts, ActionResult } from '../../services/accounts/accounts.ts';
import { DependencyError } from '../../services/errors.ts';
import type { YesNo } from '../../services/recognition/yesNoTable.ts';
import { AUTH_KEY_DIALOG, AuthKeyDialog } from '../authKey/authKeyDialog.ts';
import type { AuthKeyOptions } from '../authKey/authKeyDialog.ts';
import { missingMailChecklistCard } from '../cards/missingMailChecklistCard.ts';
import type { ChecklistMail } from '../cards/missingMailChecklistCard.ts';
import { CardChoicePrompt } from '../shared/cardChoicePrompt.ts';
import { IDENTITY_CHECK_DIALOG, IdentityCheckDialog } from '../shared/identityCheckDialog.ts';
import type { IdentityCheckOptions, IdentityCheckResult } from '../shared/identityCheckDialog.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { YesNoPrompt } from '../shared/yesNoPrompt.ts';
import { isMissingMail, missingMailChoices, purposeKey, resetAudiences } from './missingMails.ts';
import type { Audience } from './missingMails.ts';
import { MailDesk } from './mailDesk.ts';

export const MISSING_MAIL_DIALOG = 'missingMailDialog';
const TROUBLESHOOT = 'missingMailTroubleshoot';
const WHICH_PROMPT = 'missingMailWhich';
const OFFER_PROMPT = 'missingMailOffer';
const WHO_PROMPT = 'missingMailWho';
const ARRIVAL_PROMPT = 'missingMailArrival';

export const missingMailIntents = ['confirmation_mail_missing'] as const;
export type MissingMailIntent = (typeof missingMailIntents)[number];
export const isMissingMailIntent = (intent: string): intent is MissingMailIntent => (missingMailIntents as readonly string[]).includes(intent);

export type MissingMailOptions = JourneyOptions<MissingMailIntent>;
/** `unanswered`: the message after "shall I check?" or "did it arrive?" was not an answer; MainDialog understands it afresh. */
export type MissingMailResult = JourneyResult;

/** What the journey remembers between its turns: which mail, whose, and the verified account (an opaque ref) if any. */
interface TroubleshootState {
  mail?: ChecklistMail;
  audience?: Audience;
  account?: AccountRef;
}

/**
 * "The mail did not arrive" (issue 5 item 2): which mail; the manuals' checklist in order (003 §2.1 Note); then, after
 * the identity check, the latest mail's delivery status and a resend (confirmation mail, reset mail; an email change
 * is redone by the user or a person); "did it arrive?"; still nothing, a person. The authentication key goes to its
 * own journey. An unverified claim hears exactly what a verified account without a delivery record hears (MailDesk).
 */
export class MissingMailDialog extends InterruptibleDialog {
  private readonly desk: MailDesk;

  constructor(accounts: Accounts) {
    super(MISSING_MAIL_DIALOG);
    this.desk = new MailDesk(accounts);
    this.addDialog(new IdentityCheckDialog(accounts));
    this.addDialog(new AuthKeyDialog(accounts));
    this.addDialog(new CardChoicePrompt(WHICH_PROMPT));
    this.addDialog(new CardChoicePrompt(WHO_PROMPT));
    this.addDialog(new YesNoPrompt(OFFER_PROMPT));
    this.addDialog(new YesNoPrompt(ARRIVAL_PROMPT));
    this.addDialog(
      new WaterfallDialog<MissingMailOptions>(TROUBLESHOOT, [
        this.askWhich.bind(this),
        this.giveChecklist.bind(this),
        this.askWho.bind(this),
        this.checkIdentity.bind(this),
        this.reportAndResend.bind(this),
        this.followUp.bind(this),
      ]),
    );
    this.initialDialogId = TROUBLESHOOT;
  }

  private async askWhich(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const values = missingMailChoices(turnTenant(step.context));
    return await step.beginDialog(WHICH_PROMPT, { questionKey: 'missingMail:which.question', choicesKey: 'missingMail:which.choices', values });
  }

  /** The key has its own journey (003 §2.3 Reissue); the others get their checklist and the offer to look further. */
  private async giveChecklist(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const mail = isMissingMail(step.result) ? step.result : 'confirmation';
    if (mail === 'authKey') return await step.replaceDialog(AUTH_KEY_DIALOG, { intent: 'auth_key_missing' } satisfies AuthKeyOptions);
    stateOf(step).mail = mail;
    const { t } = turnLanguage(step.context);
    const card = missingMailChecklistCard(t, { mail, senderAddress: turnTenant(step.context).senderAddress });
    await step.context.sendActivity(MessageFactory.attachment(card, t(`missingMail:checklist.intro.${mail}`)));
    return await step.beginDialog(OFFER_PROMPT, { questionKey: 'missingMail:offer.question', choicesKey: 'missingMail:offer.choices', context: 'offer' });
  }

  /** Only the reset mail differs for graduates (002), and only where the university has both. */
  private async askWho(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    if (answer === undefined) return await step.endDialog({ unanswered: true } satisfies MissingMailResult);
    if (answer === 'no') {
      await step.context.sendActivity(turnLanguage(step.context).t('missingMail:offer.declined'));
      return await step.endDialog();
    }
    const audiences = stateOf(step).mail === 'reset' ? resetAudiences(turnTenant(step.context)) : ['student'];
    if (audiences.length === 1) return await step.next(audiences[0]);
    return await step.beginDialog(WHO_PROMPT, { questionKey: 'missingMail:who.question', choicesKey: 'missingMail:who.choices', values: audiences });
  }

  private async checkIdentity(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const state = stateOf(step);
    const audience: Audience = step.result === 'graduate' ? 'graduate' : 'student';
    state.audience = audience;
    const options: IdentityCheckOptions = { kind: audience, purposeKey: purposeKey(state.mail ?? 'confirmation', audience) };
    return await step.beginDialog(IDENTITY_CHECK_DIALOG, options);
  }

  /** The delivery status, then the resend (or what to do instead); "did it arrive?" after a mail was (said to be) sent. */
  private async reportAndResend(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const check = step.result as IdentityCheckResult | undefined;
    if (check?.outcome !== 'checked') return await step.endDialog();
    const state = stateOf(step);
    const { verification } = check;
    if (verification.verified) state.account = verification.account;
    const mail = state.mail ?? 'confirmation';
    const outcome = await this.guarded(step.context, () => this.desk.reportAndResend(step.context, mail, state.audience ?? 'student', state.account));
    if (outcome !== 'sent') return await step.endDialog();
    return await step.beginDialog(ARRIVAL_PROMPT, { questionKey: 'missingMail:arrival.question', choicesKey: 'missingMail:arrival.choices', context: 'confirm' });
  }

  /** "Did it arrive?": yes ends well; no gets the new mail's delivery status, a reminder and a person; else understood afresh. */
  private async followUp(step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    if (answer === undefined) return await step.endDialog({ unanswered: true } satisfies MissingMailResult);
    const state = stateOf(step);
    const { t } = turnLanguage(step.context);
    if (answer === 'yes') {
      const key = state.mail === 'reset' ? `missingMail:arrival.arrived.reset.${state.audience ?? 'student'}` : 'missingMail:arrival.arrived.confirmation';
      await step.context.sendActivity(t(key));
      return await step.endDialog();
    }
    await this.guarded(step.context, () => this.desk.stillMissing(step.context, state.account));
    return await step.endDialog();
  }

  /** The accounts service down (DependencyError) gets an apology and the way to a person; the journey then ends. */
  private async guarded<T>(context: TurnContext, work: () => Promise<T>): Promise<T | 'unavailable'> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DependencyError)) throw error;
      await offerPerson(context, 'identity:serviceDown');
      return 'unavailable';
    }
  }
}

const stateOf = (step: WaterfallStepContext<MissingMailOptions>): TroubleshootState => step.values as TroubleshootState;
