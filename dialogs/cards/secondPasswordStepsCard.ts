import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';
import type { CardButton } from './adaptiveCard.ts';

export interface SecondPasswordStepsCardData {
  /** `set`: first login (manual 003 §2.2); `change`: from the menu after login (§2.4 (b)). */
  journey: 'set' | 'change';
  /** The tenant's login-ID label in the card's language ("student number", 「学籍番号」). */
  loginIdLabel: string;
}

/** The `choice` value of the change card's button: the intent it starts (MainDialog routes it). */
export const FORGOT_CURRENT = 'forgot_second_password';

/**
 * The screens' steps, numbered, from `secondPassword:<journey>.steps`. The change card has one button for a user
 * who no longer knows the current second password, which starts the reset (`{action: 'choice', value: FORGOT_CURRENT}`).
 */
export function secondPasswordStepsCard(t: TFunction, data: SecondPasswordStepsCardData): Attachment {
  const steps = t(`secondPassword:${data.journey}.steps`, { returnObjects: true, label: data.loginIdLabel }) as unknown;
  const lines = (Array.isArray(steps) ? steps : []).filter((step): step is string => typeof step === 'string');
  const buttons: CardButton[] =
    data.journey === 'change' ? [{ title: t('secondPassword:change.forgotButton'), data: { action: 'choice', value: FORGOT_CURRENT } }] : [];
  return adaptiveCard(
    t(`secondPassword:${data.journey}.heading`),
    lines.map((step, index) => `${index + 1}. ${step}`),
    buttons,
  );
}
