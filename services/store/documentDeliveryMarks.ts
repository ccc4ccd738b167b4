import { DuplicateKeyError } from '../errors.ts';
import { DELIVERY_REMEMBERED_MS } from './deliveryMarks.ts';
import type { DeliveryMarks } from './deliveryMarks.ts';
import type { Clock, Collection, Doc, DocumentStore } from './documentStore.ts';

/** A turn still marked running after this long died with its process: a retry may run it again. */
const ABANDONED_AFTER_MS = 2 * 60_000;

interface DeliveryDoc extends Doc {
  state: 'running' | 'done';
  startedAt: Date;
  expiresAt: Date;
}

/**
 * Delivery marks in the document store's `activityDeliveries` collection (MongoDB: shared by every instance),
 * forgotten by a TTL index a day after the delivery started. A mark still running after two minutes belongs to an
 * instance that died mid-turn: one retry may take it over.
 */
export class DocumentDeliveryMarks implements DeliveryMarks {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
  ) {}

  async open(): Promise<void> {
    await this.deliveries();
  }

  async claim(_conversation: string, key: string): Promise<boolean> {
    const deliveries = await this.deliveries();
    const now = this.clock();
    const doc: DeliveryDoc = { _id: key, state: 'running', startedAt: now, expiresAt: new Date(now.getTime() + DELIVERY_REMEMBERED_MS) };
    try {
      await deliveries.insertOne(doc);
      return true;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    // Seen before: run again only if that delivery was abandoned mid-turn, and only one retry may take it over.
    const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
    const taken = await deliveries.updateOne({ _id: key, state: 'running', startedAt: { $lt: abandoned } }, { $set: { startedAt: now } });
    return taken.matched === 1;
  }

  async done(_conversation: string, key: string): Promise<void> {
    await (await this.deliveries()).updateOne({ _id: key }, { $set: { state: 'done' } });
  }

  async failed(): Promise<void> {
    // The mark stays running: after ABANDONED_AFTER_MS a retry may run the turn again, as after a crash.
  }

  async close(): Promise<void> {
    // The document store is closed by its owner.
  }

  private async deliveries(): Promise<Collection<DeliveryDoc>> {
    return await this.store.collection<DeliveryDoc>('activityDeliveries', { ttlField: 'expiresAt' });
  }
}
