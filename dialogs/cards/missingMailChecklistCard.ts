import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

/** The mails whose checklist differs in where the address was typed (the authentication key has its own journey). */
export type ChecklistMail = 'confirmation' | 'reset' | 'change';

export interface MissingMailChecklistCardData {
  mail: ChecklistMail;
  /** The tenant's sender address, to allow-list. */
  senderAddress: string;
}

/**
 * What to check when a mail has not arrived, in the manuals' order (003 §2.1 Note, 001 §2.1 注意事項): wait, the spam
 * folder after 10 minutes, the sender on the allow-list, after 30 minutes the address as typed (typos, spaces,
 * half-width), free mail. Item 4 names the screen where the address was typed for each mail.
 */
export function missingMailChecklistCard(t: TFunction, data: MissingMailChecklistCardData): Attachment {
  const items = t(`missingMail:checklist.items.${data.mail}`, { returnObjects: true, sender: data.senderAddress }) as unknown;
  const lines = (Array.isArray(items) ? items : []).filter((item): item is string => typeof item === 'string');
  return adaptiveCard(
    t('missingMail:checklist.heading'),
    lines.map((item, index) => `${index + 1}. ${item}`),
    [],
  );
}
