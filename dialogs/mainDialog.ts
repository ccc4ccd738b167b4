import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { intentIds } from '../services/nlu/nlu.ts';
import type { Candidate, IntentId, Nlu, Recognition } from '../services/nlu/nlu.ts';
import type { Accounts } from '../services/accounts/accounts.ts';
import { REDACTED, redactText } from '../services/redaction/redact.ts';
import { readCardAction } from './cards/adaptiveCard.ts';
import type { CardAction } from './cards/adaptiveCard.ts';
import { didYouMeanCard, MAX_SUGGESTIONS, NONE_OF_THESE } from './cards/didYouMeanCard.ts';
import type { Suggestion } from './cards/didYouMeanCard.ts';
import { isMenuTopic } from './cards/menuCard.ts';
import type { MenuTopic } from './cards/menuCard.ts';
import { FAQ_DIALOG, FaqDialog } from './faq/faqDialog.ts';
import { isSecondPasswordIntent, SECOND_PASSWORD_DIALOG, SecondPasswordDialog } from './secondPassword/secondPasswordDialog.ts';
import { AUTH_KEY_DIALOG, AuthKeyDialog, isAuthKeyIntent } from './authKey/authKeyDialog.ts';
import { isRegistrationIntent, REGISTRATION_DIALOG, RegistrationDialog } from './registration/registrationDialog.ts';
import { isMissingMailIntent, MISSING_MAIL_DIALOG, MissingMailDialog } from './missingMail/missingMailDialog.ts';
import { EMAIL_DIALOG, EmailDialog, isEmailIntent } from './email/emailDialog.ts';
import { GRADUATES_DIALOG, GraduatesDialog, isGraduatesIntent } from './graduates/graduatesDialog.ts';
import { HANDOFF_DIALOG, HandoffDialog, isHandoffIntent } from './handoff/handoffDialog.ts';
import { STAFF_COMMAND_DIALOG, StaffCommandDialog, staffCommandFor } from './staff/staffCommandDialog.ts';
import type { JourneyOptions, JourneyResult } from './shared/journey.ts';
import { InterruptibleDialog } from './shared/interruptibleDialog.ts';
import { requestedLocale } from './shared/languageCommand.ts';
import { menuReply } from './shared/menuReply.ts';
import { isSecretShaped, warnAboutSecret } from './shared/secretGuard.ts';
import { turnLanguage, turnTenant } from './shared/turnContext.ts';

export const MAIN_DIALOG = 'mainDialog';
const ROUTE = 'mainRoute';

/** Each journey's dialog and the intents it starts with (one dialog folder per journey, STYLE.md §5). */
const journeys = {
  secondPassword: { dialogId: SECOND_PASSWORD_DIALOG, accepts: isSecondPasswordIntent },
  authKey: { dialogId: AUTH_KEY_DIALOG, accepts: isAuthKeyIntent },
  registration: { dialogId: REGISTRATION_DIALOG, accepts: isRegistrationIntent },
  missingMail: { dialogId: MISSING_MAIL_DIALOG, accepts: isMissingMailIntent },
  email: { dialogId: EMAIL_DIALOG, accepts: isEmailIntent },
  graduates: { dialogId: GRADUATES_DIALOG, accepts: isGraduatesIntent },
  handoff: { dialogId: HANDOFF_DIALOG, accepts: isHandoffIntent },
} as const satisfies Record<string, { dialogId: string; accepts: (intent: string) => boolean }>;
type Journey = keyof typeof journeys;
const isJourney = (route: string): route is Journey => Object.hasOwn(journeys, route);

/**
 * What each intent gets: a menu topic, a journey's dialog, or a reply of its own.
 * A `Record` so that the compiler insists on every intent.
 */
type Route = MenuTopic | Journey | 'greeting' | 'thanks' | 'outOfScope';
const routeOfIntent: Record<IntentId, Route> = {
  register_email: 'registration',
  confirmation_mail_missing: 'missingMail',
  set_second_password: 'secondPassword',
  forgot_second_password: 'secondPassword',
  change_second_password: 'secondPassword',
  auth_key_missing: 'authKey',
  auth_key_locked: 'authKey',
  two_factor_settings: 'authKey',
  change_email: 'email',
  email_inaccessible: 'email',
  add_student_id: 'graduates',
  graduate_application: 'graduates',
  login_help: 'registration',
  language_switch: 'portalLanguage',
  supported_browsers: 'browsers',
  contact_hours: 'contact',
  human_agent: 'handoff',
  certificate_printing: 'printing',
  greeting: 'greeting',
  thanks_bye: 'thanks',
  out_of_scope: 'outOfScope',
};

/** Candidates below this score are not worth a button: the trained model's third candidate often scores 0.00–0.03. */
const MIN_SUGGESTION_SCORE = 0.05;

/**
 * Menu and routing only: a card button or a recognised message starts a topic. A message out of scope,
 * one the recogniser is unsure of ("did you mean…") and one it does not understand each count as a miss;
 * two misses in a row get the menu and the way to a person (DESIGN.md, Conversation rules).
 */
export class MainDialog extends InterruptibleDialog {
  constructor(
    private readonly nlu: Nlu,
    private readonly misses: StatePropertyAccessor<number>,
    accounts: Accounts,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new FaqDialog());
    this.addDialog(new SecondPasswordDialog(accounts));
    this.addDialog(new AuthKeyDialog(accounts));
    this.addDialog(new RegistrationDialog(accounts));
    this.addDialog(new MissingMailDialog(accounts));
    this.addDialog(new EmailDialog(accounts));
    this.addDialog(new GraduatesDialog(accounts));
    this.addDialog(new HandoffDialog(accounts));
    this.addDialog(new StaffCommandDialog());
    this.addDialog(new WaterfallDialog(ROUTE, [this.route.bind(this), this.offerMore.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    // Issue 7: a staff command from staff the channel vouches for; anyone else's goes on below like any message.
    const staffCommand = staffCommandFor(step);
    if (staffCommand) return await step.replaceDialog(STAFF_COMMAND_DIALOG, staffCommand);
    const { text, value } = context.activity;
    const locale = requestedLocale(text, value);
    if (locale) {
      await turnLanguage(context).switchTo(locale);
      await this.misses.set(context, 0);
      return await this.reply(step, 'common:languageChanged');
    }
    const action = readCardAction(value);
    if (action) return await this.pressed(step, action);
    // DESIGN.md: a pasted password is refused, and only the rest of the message is understood.
    const secret = isSecretShaped(context, text);
    if (secret) await warnAboutSecret(context);
    const understood = secret ? redactText(text ?? '').replaceAll(REDACTED, ' ') : text;
    if (secret && !understood?.trim()) return await this.reply(step, 'common:anythingElse');
    const recognition = await this.recognize(context, understood);
    if (recognition?.intent === 'none') return await this.offerSuggestions(step, recognition.candidates ?? []);
    if (recognition) return await this.answer(step, recognition.intent);
    return await this.miss(step, async () => await this.reply(step, 'common:notUnderstood'));
  }

  /** After a topic or journey: the menu; or, when a journey's question got another question instead, that question. */
  private async offerMore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as JourneyResult | undefined)?.unanswered) return await step.replaceDialog(ROUTE);
    return await this.reply(step, 'common:anythingElse');
  }

  private async pressed(step: WaterfallStepContext, action: CardAction): Promise<DialogTurnResult> {
    if (action.action === 'menu' && isMenuTopic(action.topic)) return await this.startTopic(step, action.topic);
    // "None of these" after "did you mean…": the menu. The miss stays counted, so one more miss offers a person.
    if (action.action === 'choice' && action.value === NONE_OF_THESE) return await this.reply(step, 'common:didYouMeanNone');
    if (action.action === 'choice' && isIntentId(action.value)) return await this.answer(step, action.value);
    return await this.miss(step, async () => await this.reply(step, 'common:notUnderstood'));
  }

  private async answer(step: WaterfallStepContext, intent: IntentId): Promise<DialogTurnResult> {
    const route = routeOfIntent[intent];
    if (route === 'outOfScope') return await this.miss(step, async () => await this.outOfScope(step));
    if (isMenuTopic(route)) return await this.startTopic(step, route);
    await this.misses.set(step.context, 0);
    if (isJourney(route)) {
      const journey = journeys[route];
      if (!journey.accepts(intent)) throw new Error(`routeOfIntent sends ${intent} to ${route}, which does not take it`);
      return await step.beginDialog(journey.dialogId, { intent } satisfies JourneyOptions);
    }
    return route === 'greeting' ? await this.reply(step, 'common:greeting') : await this.reply(step, 'common:thanks', false);
  }

  private async startTopic(step: WaterfallStepContext, topic: MenuTopic): Promise<DialogTurnResult> {
    await this.misses.set(step.context, 0);
    return await step.beginDialog(FAQ_DIALOG, { topic });
  }

  /** Issue 4 item 5: only the certificate service's topics, then the university's web page and the call center. */
  private async outOfScope(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, locale } = turnLanguage(step.context);
    const tenant = turnTenant(step.context);
    const elsewhere = t('common:outOfScopeElsewhere', { university: tenant.name[locale], webPage: tenant.webPage });
    await step.context.sendActivity(`${t('common:outOfScope')}\n\n${elsewhere}`);
    return await step.beginDialog(FAQ_DIALOG, { topic: 'contact' });
  }

  /** Below the threshold: "did you mean…" with what the candidates lead to, or "not understood" when none leads anywhere. */
  private async offerSuggestions(step: WaterfallStepContext, candidates: readonly Candidate[]): Promise<DialogTurnResult> {
    const suggestions = suggestionsOf(candidates);
    return await this.miss(step, async () => {
      if (suggestions.length === 0) return await this.reply(step, 'common:notUnderstood');
      const { t } = turnLanguage(step.context);
      await step.context.sendActivity(MessageFactory.attachment(didYouMeanCard(t, { suggestions }), t('common:didYouMean')));
      return await step.endDialog();
    });
  }

  /** Counts a misunderstanding; the second in a row gets the menu and the way to a person instead of `firstReply`. */
  private async miss(step: WaterfallStepContext, firstReply: () => Promise<DialogTurnResult>): Promise<DialogTurnResult> {
    const misses = (await this.misses.get(step.context, 0)) + 1;
    if (misses < 2) {
      await this.misses.set(step.context, misses);
      return await firstReply();
    }
    await this.misses.set(step.context, 0);
    await step.context.sendActivity(turnLanguage(step.context).t('common:notUnderstoodAgain'));
    return await step.beginDialog(FAQ_DIALOG, { topic: 'contact' });
  }

  /** Sends `key`, with the menu under it unless `withMenu` is false, and ends the turn. */
  private async reply(step: WaterfallStepContext, key: string, withMenu = true): Promise<DialogTurnResult> {
    await step.context.sendActivity(withMenu ? menuReply(step.context, key) : turnLanguage(step.context).t(key));
    return await step.endDialog();
  }

  /**
   * Recognises a typed message and answers this turn in the language it is written in. The switch is for this
   * turn only (`useForTurn`, not `switchTo`): DESIGN.md keeps the chat's language as the user's explicit choice
   * (a command or the card button, remembered in user state), and one message is weak evidence of a preference —
   * product names and IDs ("Gmail", "iPhone", "PC") read as English — so a wrong guess costs one reply, not the
   * rest of the conversation. Button presses carry no text and stay in the chat's language.
   */
  private async recognize(context: TurnContext, message: string | undefined): Promise<Recognition | undefined> {
    const text = message?.trim();
    if (!text) return undefined;
    const language = turnLanguage(context);
    const recognition = await this.nlu.recognize(text, language.locale);
    if (recognition.language && recognition.language !== language.locale) language.useForTurn(recognition.language);
    return recognition;
  }
}

/**
 * The candidates worth offering, best first: those that lead to a topic or a journey (never greeting,
 * thanks or out of scope), one button per destination (human_agent and contact_hours both answer with the contact
 * topic; each journey intent is its own part of its journey).
 */
function suggestionsOf(candidates: readonly Candidate[]): Suggestion[] {
  const suggestions: Suggestion[] = [];
  for (const { intent, score } of candidates) {
    const route = routeOfIntent[intent];
    if (score < MIN_SUGGESTION_SCORE || !(isMenuTopic(route) || isJourney(route))) continue;
    const suggestion: Suggestion = isMenuTopic(route) ? { intent, topic: route } : { intent };
    if (suggestions.some((offered) => (offered.topic ?? offered.intent) === (suggestion.topic ?? suggestion.intent))) continue;
    suggestions.push(suggestion);
  }
  return suggestions.slice(0, MAX_SUGGESTIONS);
}

const isIntentId = (value: string): value is IntentId => (intentIds as readonly string[]).includes(value);
