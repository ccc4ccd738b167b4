import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface AuthKeyStepsCardData {
  /**
   * `missing`: the Reissue button on the authentication screen (manual 003 §2.3 steps 4–7, 5-1);
   * `locked`: after an invalidation (§2.6); `settings`: the two-factor authentication settings menu (§2.7).
   */
  journey: 'missing' | 'locked' | 'settings';
}

/** The screens' steps, numbered, from `authKey:<journey>.steps`; no buttons. */
export function authKeyStepsCard(t: TFunction, data: AuthKeyStepsCardData): Attachment {
  const steps = t(`authKey:${data.journey}.steps`, { returnObjects: true }) as unknown;
  const lines = (Array.isArray(steps) ? steps : []).filter((step): step is string => typeof step === 'string');
  return adaptiveCard(
    t(`authKey:${data.journey}.heading`),
    lines.map((step, index) => `${index + 1}. ${step}`),
    [],
  );
}
