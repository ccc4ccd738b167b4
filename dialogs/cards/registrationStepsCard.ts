import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface RegistrationStepsCardData {
  university: string;
  webPage: string;
  /** The tenant's login-ID label in the card's language and its example ("student number", "s1234567"). */
  loginIdLabel: string;
  loginIdExample: string;
  /** The tenant uses a second password: the login step says the first login leaves it empty (003 §2.1 Notes). */
  secondPassword: boolean;
}

/** The order of manual 003 §2.1 (001 §2.1 in Japanese): login page, login, both address fields, Check, the mail's URL, done. */
const stepKeys = ['open', 'login', 'enterAddress', 'pressCheck', 'openLink', 'complete'] as const;

/** First login and email registration, numbered, with the tenant's login ID; no buttons. */
export function registrationStepsCard(t: TFunction, data: RegistrationStepsCardData): Attachment {
  const values = { university: data.university, webPage: data.webPage, label: data.loginIdLabel, example: data.loginIdExample };
  const lines = stepKeys.map((key, index) => {
    const step = key === 'login' && data.secondPassword ? 'loginNoSecondPassword' : key;
    return `${index + 1}. ${t(`registration:steps.${step}`, values)}`;
  });
  return adaptiveCard(t('registration:steps.heading'), lines, []);
}
