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

export interface Recognition {
  /** `none` when nothing scored above the adapter's threshold. */
  intent: IntentId | 'none';
  score: number;
}

/** Understands what a user typed. Adapters: keyword rules now, a trained local model later. */
export interface Nlu {
  recognize(text: string, locale: Locale): Promise<Recognition>;
}
