import { randomUUID } from 'node:crypto';
import type { Actor } from '../../audit/auditLog.ts';
import type { MailRecord } from '../../mail/mailQueue.ts';
import { studentStage } from './accountRecords.ts';
import type { AccountRecord } from './accountRecords.ts';
import { budgetRefusal, notify, receipt, refuse } from './actionPlan.ts';
import type { ActionPlan } from './actionPlan.ts';
import type { LinkPurpose } from './oneTimeLinks.ts';
import { isBlocked, tenantOf } from './referenceParts.ts';
import type { ReferenceParts } from './referenceParts.ts';

/** 003 §2.1: a new one-time URL to the address awaiting confirmation (first registration or a change). */
export async function planEmailConfirmation(parts: ReferenceParts, record: AccountRecord, actor: Actor): Promise<ActionPlan> {
  if (record.kind !== 'student' || !record.pendingEmail) return refuse('not_applicable');
  const to = record.pendingEmail;
  return await mailPlan(parts, record, actor, 'confirmEmail', async (linkId) => {
    const owner = { id: record._id, tenant: record.tenant };
    const link = await parts.links.issue(owner, 'confirmEmail', { locale: record.locale, email: to }, linkId);
    return await parts.mail.link(record, 'confirmEmail', link, to);
  });
}

/** 003 §2.4 (c) for students, 002 §2.2 (e) for graduates: a reset mail with a one-time URL to the registered address. */
export async function planPasswordReset(parts: ReferenceParts, record: AccountRecord, actor: Actor): Promise<ActionPlan> {
  const tenant = await tenantOf(parts, record);
  const applicable =
    record.kind === 'student'
      ? tenant.features.secondPassword && studentStage(record, tenant) === 'active'
      : tenant.features.graduates && record.application === 'approved';
  if (!applicable || !record.email) return refuse('not_applicable');
  const to = record.email;
  const purpose: LinkPurpose = record.kind === 'student' ? 'resetSecondPassword' : 'graduateReset';
  return await mailPlan(parts, record, actor, purpose, async (linkId) => {
    const link = await parts.links.issue({ id: record._id, tenant: record.tenant }, purpose, { locale: record.locale }, linkId);
    const mail = await parts.mail.link(record, purpose, link, to);
    await notify(parts, record, record.kind === 'student' ? 'secondPasswordResetRequested' : 'graduateResetRequested', actor, linkId);
    return mail;
  });
}

/** 003 §2.3 "Reissue", §2.6: voids the current key and its invalidation, mails a new one; the account count stays. */
export async function planKeyReissue(parts: ReferenceParts, record: AccountRecord, actor: Actor): Promise<ActionPlan> {
  const tenant = await tenantOf(parts, record);
  if (record.kind !== 'student' || !tenant.features.twoFactor || !record.twoFactor) return refuse('not_applicable');
  if (studentStage(record, tenant) !== 'active' || !record.email) return refuse('not_applicable');
  const to = record.email;
  return await mailPlan(parts, record, actor, 'authKey', async (keyId) => {
    const key = await parts.keys.issue(record._id, tenant.authKey, keyId);
    const mail = await parts.mail.authKey(record, key, to, tenant.authKey.failureLimit);
    await notify(parts, record, 'keyReissued', actor, keyId);
    return mail;
  });
}

/**
 * The checks every mail action shares: a blocked account refuses self-service, and the send budget
 * (staff-triggered mails count too) must allow one more. The mail id is fixed before the audit entry.
 */
async function mailPlan(
  parts: ReferenceParts,
  record: AccountRecord,
  actor: Actor,
  purpose: LinkPurpose | 'authKey',
  send: (id: string) => Promise<MailRecord>,
): Promise<ActionPlan> {
  if (actor.kind === 'user' && isBlocked(parts, record)) return refuse('account_locked');
  const budget = await parts.budget.peek(record._id);
  if (!budget.ok) return { refuse: budgetRefusal(budget.retryAt) };
  const id = randomUUID();
  return {
    detail: `mail:${purpose}.${record._id}.${id}`,
    async run() {
      const taken = await parts.budget.take(record._id);
      if (!taken.ok) return budgetRefusal(taken.retryAt);
      return { ok: true, mail: receipt(await send(id)) };
    },
  };
}
