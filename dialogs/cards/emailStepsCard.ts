import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface EmailStepsCardData {
  /**
   * `change`: "Change mail address" in the menu after login (manual 003 §2.4 (a), 001/000 §2.4 (a), 002 §2.4 (b));
   * `reapply`: a graduate whose registered address is gone applies again as 再申請 (002 §2.4 (c), Japanese edition only).
   */
  journey: 'change' | 'reapply';
  /** Adds "my registered address doesn't work", which starts the email_inaccessible part of the journey. */
  offerCannotUse?: boolean;
}

/** What a card button of this card sends: the intent MainDialog routes a pressed intent to (the journey's other part). */
export const CANNOT_USE_VALUE = 'email_inaccessible';

/** The screens' steps, numbered, from `email:change` or `email:inaccessible.graduate`; optionally one button. */
export function emailStepsCard(t: TFunction, data: EmailStepsCardData): Attachment {
  const prefix = data.journey === 'change' ? 'email:change' : 'email:inaccessible.graduate';
  const steps = t(`${prefix}.steps`, { returnObjects: true }) as unknown;
  const lines = (Array.isArray(steps) ? steps : [])
    .filter((step): step is string => typeof step === 'string')
    .map((step, index) => `${index + 1}. ${step}`);
  if (!data.offerCannotUse) return adaptiveCard(t(`${prefix}.heading`), lines, []);
  return adaptiveCard(
    t(`${prefix}.heading`),
    [...lines, t('email:change.cannotUse')],
    [{ title: t('email:change.cannotUseButton'), data: { action: 'choice', value: CANNOT_USE_VALUE } }],
  );
}
