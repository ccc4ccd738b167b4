import type { Locale } from '../i18n/i18n.ts';

/** The intent ids are a stable interface (issue 4): evaluation files and analytics use them. */
export const intentIds = [
  'register_email',
  'confirmation_mail_missing',
  'set_second_password',
  'forgot_second_password',
  'change_second_password',
  'auth_key_missing',
  'auth_key_locked',
  'two_factor_settings',
  'change_email',
  'email_inaccessible',
  'add_student_id',
  'graduate_application',
  'login_help',
  'language_switch',
  'supported_browsers',
  'contact_hours',
  'human_agent',
  'certificate_printing',
  'greeting',
  'thanks_bye',
  'out_of_scope',
] as const;

export type IntentId = (typeof intentIds)[number];

/** One of the intents a message may mean, with the adapter's confidence in it (0–1). */
export interface Candidate {
  intent: IntentId;
  score: number;
}

export interface Recognition {
  /** `none` when nothing scored above the adapter's threshold: then offer `candidates` ("did you mean…"). */
  intent: IntentId | 'none';
  /** The confidence of the best candidate, even when `intent` is `none`; 0 when there is none. */
  score: number;
  /**
   * Up to three intents, best first, whatever the threshold. Empty or absent when the text matched nothing.
   * Optional so that an adapter with nothing to say (the keyword rules on no match) can stay `{ intent: 'none', score: 0 }`.
   */
  candidates?: Candidate[];
  /**
   * The language the message is written in (issue 4: the reply follows the user's language per message).
   * Detected from the text; the channel locale when the text does not tell (an ID, a number, an emoji).
   * Absent when the adapter did not look: use the channel locale.
   */
  language?: Locale;
}

/** Understands what a user typed. Adapters: keyword rules (`KeywordNlu`) and a model trained in-process (`LocalNlu`). */
export interface Nlu {
  /** `locale` is the channel's (or the user's chosen) locale, used when the text's own language is unclear. */
  recognize(text: string, locale: Locale): Promise<Recognition>;
}
