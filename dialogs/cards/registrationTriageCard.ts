import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { IntentId } from '../../services/nlu/nlu.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { adaptiveCard } from './adaptiveCard.ts';

export interface RegistrationTriageCardData {
  university: string;
  loginIdLabel: string;
  loginIdExample: string;
  features: Tenant['features'];
}

/**
 * The intents the card's buttons start, in order. Each title is a phrase MainDialog's recogniser understands as its
 * intent, so a channel without cards (the fallback text lists the titles) can type it.
 */
export function triageChoices(features: Tenant['features']): IntentId[] {
  return [
    'register_email',
    ...(features.secondPassword ? (['forgot_second_password'] as const) : []),
    ...(features.twoFactor ? (['auth_key_missing'] as const) : []),
    'human_agent',
  ];
}

/**
 * "I cannot log in": what this tenant's login takes (manual 003 §2.1 step 2: the university's User ID and password;
 * the second password and authentication key only where the tenant uses them; graduates, manual 002, where it has
 * them), then one button per next step. A button sends `{action: 'choice', value: <intent>}`.
 */
export function registrationTriageCard(t: TFunction, data: RegistrationTriageCardData): Attachment {
  const { features } = data;
  const graduates = features.secondPassword ? 'withSecondPassword' : 'plain';
  const lines = [
    t('registration:triage.userId', { label: data.loginIdLabel, example: data.loginIdExample }),
    t('registration:triage.password', { university: data.university }),
    ...(features.secondPassword ? [t('registration:triage.secondPassword')] : []),
    ...(features.twoFactor ? [t('registration:triage.authKey')] : []),
    ...(features.graduates ? [t(`registration:triage.graduates.${graduates}`)] : []),
    t('registration:triage.question'),
  ];
  const buttons = triageChoices(features).map((intent) => ({
    title: t(`registration:triage.choices.${intent}`),
    data: { action: 'choice', value: intent } as const,
  }));
  return adaptiveCard(t('registration:triage.heading'), lines, buttons);
}
