import { DuplicateKeyError } from '../errors.ts';
import type { Collection, DocumentStore } from '../store/documentStore.ts';

/** A message a user left for the support center when nobody could chat (issue 6 item 2). */
export interface Ticket {
  _id: string;
  number: string;
  tenant: string;
  conversationId: string;
  contactEmail: string;
  /** Already redacted: the form refuses secrets, and whatever got through is redacted again. */
  text: string;
  locale: 'ja' | 'en';
  createdAt: Date;
  mailId: string;
}

interface CounterDoc {
  _id: string;
  seq: number;
}

/** Tickets in the store, numbered per tenant (`T-000042`) by a compare-and-set counter, so numbers never repeat. */
export class Tickets {
  private constructor(
    private readonly tickets: Collection<Ticket>,
    private readonly counters: Collection<CounterDoc>,
  ) {}

  static async open(store: DocumentStore): Promise<Tickets> {
    return new Tickets(
      await store.collection<Ticket>('handoffTickets', { indexes: [{ fields: { tenant: 1, number: 1 }, unique: true }] }),
      await store.collection<CounterDoc>('counters'),
    );
  }

  async nextNumber(tenant: string): Promise<string> {
    const _id = `ticket:${tenant}`;
    for (;;) {
      const counter = await this.counters.findOne({ _id });
      if (!counter) {
        try {
          await this.counters.insertOne({ _id, seq: 1 });
          return format(1);
        } catch (error) {
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
      }
      const result = await this.counters.updateOne({ _id, seq: counter.seq }, { $set: { seq: counter.seq + 1 } });
      if (result.matched === 1) return format(counter.seq + 1);
    }
  }

  async save(ticket: Ticket): Promise<void> {
    await this.tickets.insertOne(ticket);
  }

  async find(tenant: string, number: string): Promise<Ticket | undefined> {
    return (await this.tickets.findOne({ tenant, number })) ?? undefined;
  }
}

const format = (seq: number): string => `T-${String(seq).padStart(6, '0')}`;
