import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface ResetMailChecklistCardData {
  /** The tenant's sender address, to allow-list. */
  senderAddress: string;
}

/**
 * What to check when a reset mail has not arrived, in the manuals' order (003 §2.1 notes and checklist): wait,
 * the spam folder after 10 minutes, the allow-list, the address as entered (typos, spaces, full-width), free mail.
 */
export function resetMailChecklistCard(t: TFunction, data: ResetMailChecklistCardData): Attachment {
  const items = t('secondPassword:checklist.items', { returnObjects: true, sender: data.senderAddress }) as unknown;
  const lines = (Array.isArray(items) ? items : []).filter((item): item is string => typeof item === 'string');
  return adaptiveCard(
    t('secondPassword:checklist.heading'),
    lines.map((item, index) => `${index + 1}. ${item}`),
    [],
  );
}
