import type { Actor } from '../audit/auditLog.ts';
import { AppError } from '../errors.ts';

/**
 * The accounts port: what the bot and staff may ask of the shared account service, in domain words.
 * Adapters: InProcessAccounts (the reference service) and HttpAccounts (ACCOUNT_SERVICE_URL).
 * Every call names its actor and is audited by the service. No method takes or returns a password,
 * second password, authentication key or one-time link.
 */

/** An account the service has verified, by opaque id. Only a successful verification yields one. */
export interface AccountRef {
  tenant: string;
  id: string;
}

/** What a user claims, to be checked before any account action (DESIGN.md, Conversation rules). */
export type IdentityClaim =
  | { kind: 'student'; tenant: string; loginId: string; email: string }
  | { kind: 'graduate'; tenant: string; email: string; birthDate?: string; studentId?: string };

/** Deliberately carries nothing else when it fails: whether the account exists is never revealed. */
export type Verification = { verified: true; account: AccountRef; kind: 'student' | 'graduate' } | { verified: false };

/** A mail the service queued, and where it stands. */
export interface MailReceipt {
  mailId: string;
  /** The registered address, masked (`ta***@ex***.ac.jp`). */
  maskedTo: string;
  queuedAt: string;
}

export interface MailDelivery {
  mailId: string;
  kind: string;
  maskedTo: string;
  state: 'queued' | 'sent' | 'failed' | 'bounced';
  queuedAt: string;
  sentAt?: string;
  /** The receiving server's reply or the failure reason, as the outbox recorded it. */
  detail?: string;
}

/** The result of an action that sends mail or changes state. */
export type ActionResult =
  | { ok: true; mail?: MailReceipt }
  | { ok: false; reason: 'budget_exhausted'; retryAt: string }
  | { ok: false; reason: 'account_locked' | 'not_applicable' | 'forbidden' };

export type StudentStage = 'not_registered' | 'email_pending' | 'email_confirmed' | 'active';
export type KeyState = 'none' | 'active' | 'expired' | 'invalidated';
export type ApplicationState = 'pending' | 'approved' | 'rejected' | 'resubmit';

export interface RegistrationStatus {
  kind: 'student' | 'graduate';
  /** Students: the first-login stages of manual 003 §2.1–2.2. */
  stage?: StudentStage;
  secondPasswordSet: boolean;
  twoFactor: boolean;
  authKey: KeyState;
  /** Graduates: the application for use (manual 002 §2.1). */
  application?: ApplicationState;
  /** Self-service stops past the account's failure limit; the bot sends the user to a person. */
  selfServiceBlocked: boolean;
  lastMail?: MailDelivery;
}

/** What staff see: masked, no secrets. */
export interface StaffSummary extends RegistrationStatus {
  account: AccountRef;
  loginId?: string;
  maskedEmail: string;
  keyFailures: number;
  accountFailures: number;
  recentMails: MailDelivery[];
}

export interface Accounts {
  verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification>;
  registrationStatus(account: AccountRef, actor: Actor): Promise<RegistrationStatus>;
  resendEmailConfirmation(account: AccountRef, actor: Actor): Promise<ActionResult>;
  /** Graduates get the graduate reset (password and second password, manual 002). */
  sendSecondPasswordReset(account: AccountRef, actor: Actor): Promise<ActionResult>;
  /** Voids the current key (and its invalidation) and mails a new one. Does not reset the account's failure count. */
  reissueAuthKey(account: AccountRef, actor: Actor): Promise<ActionResult>;
  /** Staff only: clears the key invalidation and the account's consecutive-failure count. */
  unlock(account: AccountRef, actor: Actor): Promise<ActionResult>;
  setTwoFactor(account: AccountRef, enabled: boolean, actor: Actor): Promise<ActionResult>;
  /** Staff only: find an account by login ID (students) or email (graduates) without a user's claim. */
  lookup(tenant: string, loginIdOrEmail: string, actor: Actor): Promise<AccountRef | undefined>;
  staffSummary(account: AccountRef, actor: Actor): Promise<StaffSummary>;
  /** Resolves when the service answers (readiness). */
  ping(): Promise<void>;
}

/**
 * A staff-only read (`lookup`, `staffSummary`) asked by someone who is not staff. Actions answer
 * `{ ok: false, reason: 'forbidden' }` instead; reads have no result shape to carry a refusal.
 */
export class ForbiddenError extends AppError {
  override get name(): string {
    return 'ForbiddenError';
  }
}

/** An AccountRef that names no account of its tenant (refs come only from a verification, so it was removed since). */
export class UnknownAccountError extends AppError {
  override get name(): string {
    return 'UnknownAccountError';
  }
}
