import { randomInt } from 'node:crypto';
import type { AccountRef } from '../accounts/accounts.ts';
import type { Clock, Collection, DocumentStore } from '../store/documentStore.ts';
import type { StaffRole } from './staffActions.ts';

/** How long a request waits for the second supervisor: one shift. Past it, the request must be made again. */
export const APPROVAL_LIFETIME_MS = 8 * 3_600_000;

/** Codes are read aloud and typed: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const APPROVAL_CODE = /^A-[2-9A-HJKMNP-Z]{6}$/;

/** A supervisor's request to turn two-factor authentication off, waiting for a second supervisor (issue 7 item 3). */
export interface PendingApproval {
  /** The code the second supervisor types: `A-7K2M9Q`. */
  _id: string;
  action: 'twoFactorOff';
  account: AccountRef;
  /** How staff named the account (login ID or address), for the approver's confirmation card. */
  accountLabel: string;
  maskedEmail: string;
  requestedBy: { staffId: string; role: StaffRole; name: string };
  reason: string;
  reference: string;
  createdAt: Date;
  expiresAt: Date;
  state: 'pending' | 'approved';
  approvedBy?: string;
  approvedAt?: Date;
}

interface ApprovalDoc extends PendingApproval {
  /** Kept a day past expiry, then the TTL index removes it; the audit log keeps the history. */
  purgeAt: Date;
}

export type ApprovalRequest = Omit<PendingApproval, '_id' | 'createdAt' | 'expiresAt' | 'state' | 'approvedBy' | 'approvedAt'>;

/** Why an approval cannot be given. */
export type ApprovalRefusal = 'unknown' | 'expired' | 'used' | 'sameSupervisor';

/**
 * Pending approvals in the store's 'staffApprovals' collection (any instance sees them). Claiming one is a
 * compare-and-set from pending to approved, so two supervisors approving at once approve it once.
 */
export class StaffApprovals {
  private constructor(
    private readonly approvals: Collection<ApprovalDoc>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<StaffApprovals> {
    return new StaffApprovals(await store.collection<ApprovalDoc>('staffApprovals', { ttlField: 'purgeAt' }), clock);
  }

  /**
   * Stores a request under `code` (from newApprovalCode, chosen first so the audit entry can name it).
   * Throws DuplicateKeyError in the unlikely case the code is taken.
   */
  async request(code: string, request: ApprovalRequest): Promise<PendingApproval> {
    const createdAt = this.clock();
    const expiresAt = new Date(createdAt.getTime() + APPROVAL_LIFETIME_MS);
    const approval: PendingApproval = { ...request, _id: code, createdAt, expiresAt, state: 'pending' };
    await this.approvals.insertOne({ ...approval, purgeAt: new Date(expiresAt.getTime() + 86_400_000) });
    return approval;
  }

  /** The approval a code names, or why it cannot be approved by `approverId`. Does not change it. */
  async check(code: string, approverId: string): Promise<PendingApproval | ApprovalRefusal> {
    const approval = APPROVAL_CODE.test(code) ? await this.approvals.findOne({ _id: code }) : null;
    if (!approval) return 'unknown';
    if (approval.state !== 'pending') return 'used';
    if (approval.expiresAt.getTime() <= this.clock().getTime()) return 'expired';
    if (approval.requestedBy.staffId === approverId) return 'sameSupervisor';
    return strip(approval);
  }

  /** Marks it approved by `approverId`, once: the second of two racing approvers gets 'used'. */
  async claim(code: string, approverId: string): Promise<PendingApproval | ApprovalRefusal> {
    const checked = await this.check(code, approverId);
    if (typeof checked === 'string') return checked;
    const approvedAt = this.clock();
    const result = await this.approvals.updateOne({ _id: code, state: 'pending' }, { $set: { state: 'approved', approvedBy: approverId, approvedAt } });
    return result.matched === 1 ? { ...checked, state: 'approved', approvedBy: approverId, approvedAt } : 'used';
  }
}

/** A fresh code: 31^6 ≈ 900 million, drawn with a CSPRNG, so a code cannot be guessed within its lifetime. */
export function newApprovalCode(): string {
  return `A-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
}

function strip({ purgeAt, ...approval }: ApprovalDoc): PendingApproval {
  return approval;
}
