/** Who acted: a user in a chat conversation (self-service) or an authenticated staff member. */
export type Actor =
  | { kind: 'user'; conversationId: string }
  | { kind: 'staff'; staffId: string; role: 'agent' | 'supervisor'; conversationId?: string }
  | { kind: 'system'; component: string };

export type AuditResult = 'ok' | 'refused' | 'denied' | 'failed';

/** One append-only audit record. Never holds a password, key, token or link. */
export interface AuditEntry {
  at: Date;
  actor: Actor;
  /** e.g. `accounts.verifyIdentity`, `accounts.reissueAuthKey`, `staff.status`. */
  action: string;
  tenant?: string;
  /** The account's opaque id, when one is concerned. */
  account?: string;
  reason?: string;
  result: AuditResult;
  /** A short machine-readable detail: `budget_exhausted`, `no_match`, `mail:<id>`. */
  detail?: string;
}

/** The audit log: append and read, nothing else (no update or delete path exists). */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  find(filter: { account?: string; staffId?: string; tenant?: string }, limit?: number): Promise<AuditEntry[]>;
}
