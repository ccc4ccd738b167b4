import type { TurnContext } from 'botbuilder';
import type { AccountRef } from '../../services/accounts/accounts.ts';
import type { AuditResult } from '../../services/audit/auditLog.ts';
import type { StaffIdentity, StaffDesk } from './staffTurn.ts';
import type { StaffCommand } from './staffCommand.ts';

/** One staff audit entry's facts (issue 7 item 5: time, actor, role, action, account, reason, result, conversation). */
export interface StaffAuditFacts {
  /** `status`, `unlock`, … (written as `staff.<action>`). */
  action: string;
  account?: AccountRef;
  reason?: string;
  /** The ticket or conversation the action belongs to (the actor's conversationId). */
  reference?: string;
  result: AuditResult;
  detail?: string;
}

/** Appends one entry; a failure propagates, so the caller does not act without its entry. */
export async function auditStaff(desk: StaffDesk, identity: StaffIdentity, facts: StaffAuditFacts): Promise<void> {
  await desk.audit.append({
    at: desk.clock(),
    actor: {
      kind: 'staff',
      staffId: identity.staffId,
      role: identity.role,
      ...(facts.reference === undefined ? {} : { conversationId: facts.reference }),
    },
    action: `staff.${facts.action}`,
    ...(facts.account ? { tenant: facts.account.tenant, account: facts.account.id } : {}),
    ...(facts.reason === undefined ? {} : { reason: facts.reason }),
    result: facts.result,
    ...(facts.detail === undefined ? {} : { detail: facts.detail }),
  });
}

/**
 * A staff command from someone who is not staff (issue 7 item 4). Only the command's name is kept: the rest of the
 * text is the sender's, unverified, and may hold anything.
 */
export async function auditDenied(desk: StaffDesk, context: TurnContext, command: StaffCommand): Promise<void> {
  await desk.audit.append({
    at: desk.clock(),
    actor: { kind: 'user', conversationId: context.activity.conversation.id },
    action: `staff.${command.kind === 'approve' ? 'approve' : command.action}`,
    result: 'denied',
    detail: 'not_staff',
  });
}
