import { DuplicateKeyError } from '../../errors.ts';
import type { Clock, Collection, DocumentStore } from '../../store/documentStore.ts';

export interface BudgetSettings {
  /** Reset, confirmation and key mails allowed per account in the window (issue 3: default 5). */
  limit: number;
  /** Sliding window (default 24 h). */
  windowMs: number;
}

export const defaultBudget: BudgetSettings = { limit: 5, windowMs: 24 * 60 * 60 * 1000 };

interface BudgetDoc {
  _id: string;
  /** When each counted mail was sent, oldest first, only those still inside the window. */
  sends: Date[];
  /** Compare-and-set version: racing requests cannot both take the last unit. */
  version: number;
  /** The TTL index drops the document once its newest send left the window. */
  expiresAt: Date;
}

export type BudgetAnswer = { ok: true } | { ok: false; retryAt: Date };

/**
 * Per-account send budget over a sliding window, so neither a user nor anyone who knows a login ID
 * and address can flood a mailbox. Staff-triggered mails count too.
 */
export class SendBudget {
  private constructor(
    private readonly budgets: Collection<BudgetDoc>,
    private readonly clock: Clock,
    private readonly settings: BudgetSettings,
  ) {}

  static async open(store: DocumentStore, clock: Clock, settings: BudgetSettings = defaultBudget): Promise<SendBudget> {
    return new SendBudget(await store.collection<BudgetDoc>('sendBudget', { ttlField: 'expiresAt' }), clock, settings);
  }

  /** Whether a mail could be sent now, without counting one. */
  async peek(account: string): Promise<BudgetAnswer> {
    const now = this.clock();
    return this.answer(this.inWindow(await this.budgets.findOne({ _id: account }), now));
  }

  /** Counts one mail when the budget allows it; otherwise says when the next one will be allowed. */
  async take(account: string): Promise<BudgetAnswer> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const now = this.clock();
      const doc = await this.budgets.findOne({ _id: account });
      const sends = this.inWindow(doc, now);
      const answer = this.answer(sends);
      if (!answer.ok) return answer;
      const next = { sends: [...sends, now], expiresAt: new Date(now.getTime() + this.settings.windowMs) };
      if (doc) {
        const update = { $set: { ...next, version: doc.version + 1 } };
        const swapped = await this.budgets.updateOne({ _id: account, version: doc.version }, update);
        if (swapped.matched === 1) return answer;
      } else {
        try {
          await this.budgets.insertOne({ _id: account, ...next, version: 1 });
          return answer;
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
        }
      }
    }
    throw new Error(`send budget for ${account}: too much contention`);
  }

  /** Forgets the account's sends (seeding replaces an account's state). */
  async clear(account: string): Promise<void> {
    await this.budgets.deleteMany({ _id: account });
  }

  private inWindow(doc: BudgetDoc | null, now: Date): Date[] {
    const since = now.getTime() - this.settings.windowMs;
    return (doc?.sends ?? []).filter((at) => at.getTime() > since);
  }

  private answer(sends: Date[]): BudgetAnswer {
    if (sends.length < this.settings.limit) return { ok: true };
    // The next mail is allowed when enough of the oldest sends have left the window.
    const gate = sends[sends.length - this.settings.limit]!;
    return { ok: false, retryAt: new Date(gate.getTime() + this.settings.windowMs) };
  }
}
