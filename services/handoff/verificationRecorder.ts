import type { Actor } from '../audit/auditLog.ts';
import type { AccountRef, Accounts, IdentityClaim, Verification } from '../accounts/accounts.ts';
import type { Clock, Collection, DocumentStore } from '../store/documentStore.ts';

/** What the agent console shows of a conversation's identity checks (issue 6 item 4). */
export interface VerificationRecord {
  _id: string;
  /** Which details matched in the last successful check (none are listed for a failed one: no enumeration). */
  passed: string[];
  at: Date;
  attempts: number;
  account?: AccountRef;
}

/**
 * The accounts port with a memory of each conversation's identity checks, kept in the store
 * ('handoffVerifications') so any instance's agent console can show them. Every call goes through unchanged.
 */
export class VerificationRecorder {
  private constructor(
    private readonly records: Collection<VerificationRecord>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<VerificationRecorder> {
    return new VerificationRecorder(await store.collection<VerificationRecord>('handoffVerifications'), clock);
  }

  /** The conversations in which this account was verified, newest first (staff status: open cases). */
  async conversationsOf(account: AccountRef, limit = 20): Promise<string[]> {
    const records = await this.records.find({ 'account.tenant': account.tenant, 'account.id': account.id }, { sort: { at: -1 }, limit });
    return records.map((record) => record._id);
  }

  async of(conversationId: string): Promise<VerificationRecord | undefined> {
    return (await this.records.findOne({ _id: conversationId })) ?? undefined;
  }

  /** `accounts` whose verifyIdentity also records the outcome for the conversation that asked. */
  wrap(accounts: Accounts): Accounts {
    const wrapped = Object.create(accounts) as Accounts;
    wrapped.verifyIdentity = async (claim: IdentityClaim, actor: Actor): Promise<Verification> => {
      const verification = await accounts.verifyIdentity(claim, actor);
      if (actor.kind === 'user') await this.note(actor.conversationId, claim, verification);
      return verification;
    };
    return wrapped;
  }

  private async note(conversationId: string, claim: IdentityClaim, verification: Verification): Promise<void> {
    const at = this.clock();
    const passed = Object.entries(claim).filter(([field, value]) => field !== 'kind' && field !== 'tenant' && value !== undefined).map(([field]) => field);
    await this.records.updateOne(
      { _id: conversationId },
      verification.verified
        ? { $set: { at, passed, account: verification.account }, $inc: { attempts: 1 } }
        : { $setOnInsert: { at, passed: [] }, $inc: { attempts: 1 } },
      { upsert: true },
    );
  }
}
