import { DialogTurnStatus, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import type { Accounts, RegistrationStatus } from '../../services/accounts/accounts.ts';
import { DependencyError } from '../../services/errors.ts';
import { graduatesStepsCard } from '../cards/graduatesStepsCard.ts';
import { IDENTITY_CHECK_DIALOG, IdentityCheckDialog, userActor } from '../shared/identityCheckDialog.ts';
import type { IdentityCheckOptions, IdentityCheckResult } from '../shared/identityCheckDialog.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { decisionLines, sayApplicationStatus, showTyping } from './applicationStatus.ts';
import { TopicPrompt, topicOf } from './topicPrompt.ts';
import type { GraduateTopic } from './topicPrompt.ts';

export const GRADUATES_DIALOG = 'graduatesDialog';
const APPLICATION = 'graduatesApplication';
const TOPIC_PROMPT = 'graduatesTopic';

export const graduatesIntents = ['graduate_application', 'add_student_id'] as const;
export type GraduatesIntent = (typeof graduatesIntents)[number];
export const isGraduatesIntent = (intent: string): intent is GraduatesIntent => (graduatesIntents as readonly string[]).includes(intent);

export type GraduatesOptions = JourneyOptions<GraduatesIntent>;
export type GraduatesResult = JourneyResult;

/** The topic read from the message that started the journey, if it named exactly one. */
interface ApplicationOptions {
  topic?: GraduateTopic;
}

/**
 * Graduates (manual 002). The application for use: its steps, the identification document, when the university
 * decides, the initial password and first login, each as the manual gives it; and the status of one's own
 * application after the graduate identity check (registered email + birth date or student ID number). An
 * unverified claim hears the same words whether or not the address has an application. Adding a student ID
 * number (002 §2.3, 001 §2.3) follows the tenant's studentIdAddition; everything else needs the graduates feature.
 */
export class GraduatesDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(GRADUATES_DIALOG);
    this.addDialog(new IdentityCheckDialog(accounts));
    this.addDialog(new TopicPrompt(TOPIC_PROMPT));
    this.addDialog(
      new WaterfallDialog<ApplicationOptions>(APPLICATION, [this.chooseTopic.bind(this), this.answerTopic.bind(this), this.tellStatus.bind(this)]),
    );
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: GraduatesOptions): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const tenant = turnTenant(context);
    const { t, locale } = turnLanguage(context);
    const university = { university: tenant.name[locale] };
    if (options?.intent === 'add_student_id') {
      if (!tenant.features.studentIdAddition) return await done(() => offerPerson(context, 'graduates:studentId.notOffered', university));
      return await done(() => context.sendActivity(this.explainStudentIdAddition(context)));
    }
    if (!tenant.features.graduates) return await done(() => offerPerson(context, 'graduates:notOffered', university));
    // A typed question that names one topic («承認までどのくらい？») is answered at once; otherwise the topics are offered.
    const topic = topicOf(t, context.activity.text);
    return await innerDc.beginDialog(APPLICATION, (topic ? { topic } : {}) satisfies ApplicationOptions);
  }

  /** 002 §2.3 (001 §2.3 for students): the menu item, the one-time URL mail, the other enrolment's data, the approval mail. */
  private explainStudentIdAddition(context: TurnContext): Partial<Activity> {
    const { t } = turnLanguage(context);
    const text = [
      t('graduates:studentId.intro'),
      ...(turnTenant(context).features.graduates ? [t('graduates:studentId.graduatesFirst')] : []),
      t('graduates:studentId.result'),
    ];
    return MessageFactory.attachment(graduatesStepsCard(t, { journey: 'studentId' }), text.join('\n\n'));
  }

  private async chooseTopic(step: WaterfallStepContext<ApplicationOptions>): Promise<DialogTurnResult> {
    if (step.options.topic) return await step.next(step.options.topic);
    return await step.beginDialog(TOPIC_PROMPT);
  }

  /** Something other than a topic is a new question: handed back to be understood afresh. */
  private async answerTopic(step: WaterfallStepContext<ApplicationOptions>): Promise<DialogTurnResult> {
    const topic = step.result as GraduateTopic | undefined;
    if (topic === undefined) return await step.endDialog({ unanswered: true } satisfies GraduatesResult);
    if (topic === 'status') {
      const options: IdentityCheckOptions = { kind: 'graduate', purposeKey: 'graduates:status.purpose' };
      return await step.beginDialog(IDENTITY_CHECK_DIALOG, options);
    }
    await step.context.sendActivity(this.explain(step.context, topic));
    return await step.endDialog();
  }

  /** 002 §2.1: steps 1–16, the document of steps 13–14, note *1 of §1.4 with step 17, steps 17–23. */
  private explain(context: TurnContext, topic: Exclude<GraduateTopic, 'status'>): Partial<Activity> {
    const { t } = turnLanguage(context);
    switch (topic) {
      case 'steps':
        return MessageFactory.attachment(
          graduatesStepsCard(t, { journey: 'apply' }),
          [t('graduates:apply.intro'), t('graduates:apply.required'), t('graduates:apply.next')].join('\n\n'),
        );
      case 'document':
        return MessageFactory.attachment(graduatesStepsCard(t, { journey: 'document' }), t('graduates:document.intro'));
      case 'decision':
        return MessageFactory.text(decisionLines(context).join('\n\n'));
      case 'password':
        return MessageFactory.attachment(
          graduatesStepsCard(t, { journey: 'password' }),
          [t('graduates:password.intro'), t('graduates:password.rules'), t('graduates:password.after'), t('graduates:password.neverShare')].join('\n\n'),
        );
    }
  }

  /**
   * Not verified: one reply, the same for an address with no application and for details that do not match, and
   * no further call. Verified: the application's state from the service, with a typing indicator while it answers.
   */
  private async tellStatus(step: WaterfallStepContext<ApplicationOptions>): Promise<DialogTurnResult> {
    const check = step.result as IdentityCheckResult | undefined;
    if (check?.outcome !== 'checked') return await step.endDialog();
    const { context } = step;
    if (!check.verification.verified) {
      await offerPerson(context, 'graduates:status.notConfirmed');
      return await step.endDialog();
    }
    await showTyping(context);
    let status: RegistrationStatus;
    try {
      status = await this.accounts.registrationStatus(check.verification.account, userActor(context));
    } catch (error) {
      if (!(error instanceof DependencyError)) throw error;
      await offerPerson(context, 'identity:serviceDown');
      return await step.endDialog();
    }
    await sayApplicationStatus(context, status);
    return await step.endDialog();
  }
}

/** Replies once and ends the journey at its first turn. */
async function done(reply: () => Promise<unknown>): Promise<DialogTurnResult> {
  await reply();
  return { status: DialogTurnStatus.complete };
}
