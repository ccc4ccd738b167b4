import { randomUUID } from 'node:crypto';
import type { Collection, DocumentStore } from '../store/documentStore.ts';

interface WaitDoc {
  _id: string;
  tenant: string;
  at: Date;
  /** Seconds the user waited, divided by their position when they joined: the time one place in line takes. */
  secondsPerPlace: number;
}

/** How many recent waits the moving average uses, and how many it needs before it says anything. */
export const WINDOW = 10;
export const MIN_HISTORY = 3;

/**
 * The wait estimate (issue 6 item 3): a moving average of recent waits per place in line, times the
 * user's position. Undefined until there is enough history; the bot then says "a few minutes".
 */
export class WaitEstimate {
  private constructor(private readonly waits: Collection<WaitDoc>) {}

  static async open(store: DocumentStore): Promise<WaitEstimate> {
    return new WaitEstimate(await store.collection<WaitDoc>('handoffWaits', { indexes: [{ fields: { tenant: 1, at: -1 } }] }));
  }

  async record(tenant: string, waitedSeconds: number, startPosition: number, at: Date): Promise<void> {
    const secondsPerPlace = Math.max(0, waitedSeconds) / Math.max(1, startPosition);
    await this.waits.insertOne({ _id: randomUUID(), tenant, at, secondsPerPlace });
  }

  /** Whole minutes (at least 1) for someone at `position`, or undefined with too little history. */
  async minutesFor(tenant: string, position: number): Promise<number | undefined> {
    const recent = await this.waits.find({ tenant }, { sort: { at: -1 }, limit: WINDOW });
    if (recent.length < MIN_HISTORY) return undefined;
    const average = recent.reduce((sum, wait) => sum + wait.secondsPerPlace, 0) / recent.length;
    return Math.max(1, Math.ceil((average * position) / 60));
  }
}
