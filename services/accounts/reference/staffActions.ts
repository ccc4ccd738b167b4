import { randomUUID } from 'node:crypto';
import type { Actor } from '../../audit/auditLog.ts';
import type { AccountRecord } from './accountRecords.ts';
import { notify, refuse } from './actionPlan.ts';
import type { ActionPlan } from './actionPlan.ts';
import { tenantOf } from './referenceParts.ts';
import type { ReferenceParts } from './referenceParts.ts';

/**
 * Staff unlock: the account's consecutive-failure count back to zero, and the current key voided, so
 * the next login or reissue mails a fresh one (an invalidated key is never revived: it had its guesses).
 */
export function planUnlock(parts: ReferenceParts, record: AccountRecord, actor: Actor): ActionPlan {
  const eventId = randomUUID();
  return {
    detail: `unlock:${eventId}`,
    async run() {
      await parts.records.update(record._id, { $set: { accountFailures: 0 } });
      await parts.keys.void(record._id);
      await notify(parts, record, 'unlocked', actor, eventId);
      return { ok: true };
    },
  };
}

/** 003 §2.7: two-factor authentication on or off. Turning it off voids the current key. */
export async function planTwoFactor(parts: ReferenceParts, record: AccountRecord, enabled: boolean, actor: Actor): Promise<ActionPlan> {
  const tenant = await tenantOf(parts, record);
  if (record.kind !== 'student' || !tenant.features.twoFactor) return refuse('not_applicable');
  if (record.twoFactor === enabled) return { detail: 'unchanged', run: async () => ({ ok: true }) };
  const eventId = randomUUID();
  return {
    detail: `twoFactor:${enabled ? 'on' : 'off'}:${eventId}`,
    async run() {
      const changed = await parts.records.updateIf(record._id, { twoFactor: !enabled }, { $set: { twoFactor: enabled } });
      if (!changed) return { ok: true };
      if (!enabled) await parts.keys.void(record._id);
      await notify(parts, record, enabled ? 'twoFactorOn' : 'twoFactorOff', actor, eventId);
      return { ok: true };
    },
  };
}
