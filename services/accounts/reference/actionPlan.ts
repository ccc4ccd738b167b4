import type { ActionResult, MailReceipt } from '../accounts.ts';
import type { Actor } from '../../audit/auditLog.ts';
import type { MailRecord } from '../../mail/mailQueue.ts';
import type { AccountRecord } from './accountRecords.ts';
import type { SecurityEvent } from './accountMail.ts';
import { maskEmail } from './maskEmail.ts';
import type { ReferenceParts } from './referenceParts.ts';

export type Refusal = Extract<ActionResult, { ok: false }>;

/**
 * An action decided but not yet done: the caller writes the audit entry first and runs it only when
 * that succeeded (an unaudited action never runs). `run` may still refuse if a race took the budget.
 */
export type ActionPlan = { refuse: Refusal } | { detail: string; run(): Promise<ActionResult> };

export const refuse = (reason: 'account_locked' | 'not_applicable' | 'forbidden'): ActionPlan => ({ refuse: { ok: false, reason } });

export const budgetRefusal = (retryAt: Date): Refusal => ({ ok: false, reason: 'budget_exhausted', retryAt: retryAt.toISOString() });

export function receipt(mail: MailRecord): MailReceipt {
  return { mailId: mail.id, maskedTo: maskEmail(mail.to), queuedAt: mail.queuedAt.toISOString() };
}

/** Security notices go to the registered (confirmed) address; an account without one has no one to tell. */
export async function notify(
  parts: ReferenceParts,
  record: AccountRecord,
  event: SecurityEvent,
  actor: Actor,
  eventId: string,
): Promise<void> {
  if (record.email) await parts.mail.securityNotice(record, event, actor, eventId, record.email);
}
