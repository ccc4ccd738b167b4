import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { checkEmailAddress } from '../../services/recognition/checkEmailAddress.ts';
import type { YesNo } from '../../services/recognition/yesNoTable.ts';
import { registrationStepsCard } from '../cards/registrationStepsCard.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { YesNoPrompt } from '../shared/yesNoPrompt.ts';
import type { YesNoOptions } from '../shared/yesNoPrompt.ts';
import { AddressCheckPrompt } from './addressCheckPrompt.ts';
import type { AddressCheckOptions } from './addressCheckPrompt.ts';
import { LoginTriagePrompt } from './loginTriagePrompt.ts';

export const REGISTRATION_DIALOG = 'registrationDialog';
const REGISTER = 'registrationSteps';
const TRIAGE_PROMPT = 'registrationTriage';
const OFFER_PROMPT = 'registrationOffer';
const ADDRESS_PROMPT = 'registrationAddress';

export const registrationIntents = ['register_email', 'login_help'] as const;
export type RegistrationIntent = (typeof registrationIntents)[number];
export const isRegistrationIntent = (intent: string): intent is RegistrationIntent => (registrationIntents as readonly string[]).includes(intent);

export type RegistrationOptions = JourneyOptions<RegistrationIntent>;
export type RegistrationResult = JourneyResult;

/**
 * First login and email registration (manual 003 §2.1, 001 §2.1 in Japanese, 004 §2.1) and "I cannot log in".
 * `register_email`: the steps with the tenant's login ID, the sender to allow-list, what comes next, then an offer
 * to check the address the user plans to register, the way the screen's checklist does. `login_help`: what this
 * tenant's login takes, with buttons that start the next journey. No account action: `accounts` is unused, and the
 * address is answered within its turn and never kept in state. Only what the tenant uses is mentioned.
 */
export class RegistrationDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(REGISTRATION_DIALOG);
    this.addDialog(new LoginTriagePrompt(TRIAGE_PROMPT));
    this.addDialog(new YesNoPrompt(OFFER_PROMPT));
    this.addDialog(new AddressCheckPrompt(ADDRESS_PROMPT));
    this.addDialog(new WaterfallDialog(REGISTER, [this.explainSteps.bind(this), this.checkAddress.bind(this), this.finish.bind(this)]));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: RegistrationOptions): Promise<DialogTurnResult> {
    return await innerDc.beginDialog(options?.intent === 'login_help' ? TRIAGE_PROMPT : REGISTER);
  }

  private async explainSteps(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const { t, locale } = turnLanguage(context);
    const tenant = turnTenant(context);
    const card = registrationStepsCard(t, {
      university: tenant.name[locale],
      webPage: tenant.webPage,
      loginIdLabel: tenant.loginId.label[locale],
      loginIdExample: tenant.loginId.example,
      secondPassword: tenant.features.secondPassword,
    });
    const intro = [t('registration:steps.intro', { university: tenant.name[locale] }), t('registration:beforeCheck', { sender: tenant.senderAddress })];
    await context.sendActivity(MessageFactory.attachment(card, intro.join('\n\n')));
    await context.sendActivity(whatComesNext(context));
    const offer: YesNoOptions = { questionKey: 'registration:offer.question', choicesKey: 'registration:offer.choices', context: 'offer' };
    return await step.beginDialog(OFFER_PROMPT, offer);
  }

  /**
   * An address in the answer ("taro@…", 「はい、taro@…です」) is checked at once; yes asks for it; no ends here;
   * anything else is understood afresh.
   */
  private async checkAddress(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as YesNo | undefined;
    if (checkEmailAddress(step.context.activity.text ?? '').outcome !== 'none') {
      return await step.beginDialog(ADDRESS_PROMPT, { checkCurrent: true } satisfies AddressCheckOptions);
    }
    if (answer === 'yes') return await step.beginDialog(ADDRESS_PROMPT, {} satisfies AddressCheckOptions);
    if (answer === 'no') {
      await step.context.sendActivity(turnLanguage(step.context).t('registration:offer.declined'));
      return await step.endDialog({} satisfies RegistrationResult);
    }
    return await step.endDialog({ unanswered: true } satisfies RegistrationResult);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as JourneyResult | undefined;
    return await step.endDialog((result?.unanswered ? { unanswered: true } : {}) satisfies RegistrationResult);
  }
}

/**
 * After the address is set: the second password at the next login (003 §2.2) and the authentication key at login
 * (§2.3) where the tenant uses them, else the login itself (004); and what to type when the mail does not come.
 */
function whatComesNext(context: TurnContext): string {
  const { t, locale } = turnLanguage(context);
  const { features, loginId } = turnTenant(context);
  const next = [
    ...(features.secondPassword ? [t('registration:next.secondPassword')] : [t('registration:next.plain', { label: loginId.label[locale] })]),
    ...(features.twoFactor ? [t('registration:next.twoFactor')] : []),
  ];
  return [...next, t('registration:notArriving')].join('\n\n');
}
