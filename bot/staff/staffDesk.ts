import type { Accounts } from '../../services/accounts/accounts.ts';
import type { AuditLog } from '../../services/audit/auditLog.ts';
import { RateLimiter } from '../../services/rateLimit/rateLimiter.ts';
import { StaffApprovals } from '../../services/staff/staffApprovals.ts';
import { defaultStaffLimits, StaffLimiter } from '../../services/staff/staffLimits.ts';
import type { StaffLimits } from '../../services/staff/staffLimits.ts';
import type { Clock, DocumentStore } from '../../services/store/documentStore.ts';
import type { StaffDesk } from '../../dialogs/staff/staffTurn.ts';

/** The staff desk over the store: limits on the shared rate-limit counters, approvals, the audit log and accounts. */
export async function openStaffDesk(deps: {
  store: DocumentStore;
  clock: Clock;
  audit: AuditLog;
  accounts: Accounts;
  limits?: StaffLimits;
  openCases?: StaffDesk['openCases'];
}): Promise<StaffDesk> {
  return {
    ...(deps.openCases ? { openCases: deps.openCases } : {}),
    accounts: deps.accounts,
    audit: deps.audit,
    limits: new StaffLimiter(new RateLimiter(deps.store, { clock: deps.clock }), deps.limits ?? defaultStaffLimits),
    approvals: await StaffApprovals.open(deps.store, deps.clock),
    clock: deps.clock,
  };
}
