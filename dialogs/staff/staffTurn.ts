import type { TurnContext } from 'botbuilder';
import type { AccountRef, Accounts } from '../../services/accounts/accounts.ts';
import type { Actor, AuditLog } from '../../services/audit/auditLog.ts';
import type { StaffRole } from '../../services/staff/staffActions.ts';
import type { StaffApprovals } from '../../services/staff/staffApprovals.ts';
import type { StaffLimiter } from '../../services/staff/staffLimits.ts';
import type { Clock } from '../../services/store/documentStore.ts';

/**
 * A staff member the channel vouches for (issue 7 item 1): an agent logged into the console (set by the
 * console's own turn, server-side) or an allow-listed Entra identity on authenticated Teams (set by the
 * staff identity middleware). Never read from anything the client sends (`from.id`, `channelData`).
 */
export interface StaffIdentity {
  staffId: string;
  name: string;
  role: StaffRole;
  via: 'console' | 'teams';
  /** The conversation the console has open (a handoff id): the default case an action belongs to. */
  openCase?: string;
}

/** What the staff dialog works with; the host puts it in every turn's state (like the handoff desk). */
export interface StaffDesk {
  accounts: Accounts;
  audit: AuditLog;
  limits: StaffLimiter;
  approvals: StaffApprovals;
  clock: Clock;
  /** The account's conversations queued or with an agent (the handoff service's verification records). */
  openCases?(account: AccountRef): Promise<string[]>;
}

const identityKey = Symbol('staffIdentity');
const deskKey = Symbol('staffDesk');

export function setTurnStaff(context: TurnContext, identity: StaffIdentity): void {
  context.turnState.set(identityKey, Object.freeze({ ...identity }));
}

/** The turn's staff member, or undefined for everyone else. */
export function turnStaff(context: TurnContext): StaffIdentity | undefined {
  return context.turnState.get(identityKey) as StaffIdentity | undefined;
}

export function setStaffDesk(context: TurnContext, desk: StaffDesk): void {
  context.turnState.set(deskKey, desk);
}

/** Undefined when the host runs without staff actions (then staff commands are just text). */
export function turnStaffDesk(context: TurnContext): StaffDesk | undefined {
  return context.turnState.get(deskKey) as StaffDesk | undefined;
}

/** The accounts port's actor for a staff action: the member, and the case the action belongs to. */
export const staffActor = (identity: StaffIdentity, reference: string): Actor => ({
  kind: 'staff',
  staffId: identity.staffId,
  role: identity.role,
  conversationId: reference,
});
