import { randomBytes } from 'node:crypto';
import type { DocumentStore } from './documentStore.ts';

interface SecretDoc {
  _id: string;
  value: string;
}

/**
 * A random key created once and kept in the store, so every instance (and every restart) signs and
 * checks with the same one: the first writer wins, later readers get its value.
 */
export async function sharedSecret(store: DocumentStore, name: string): Promise<Buffer> {
  const secrets = await store.collection<SecretDoc>('secrets');
  await secrets.updateOne({ _id: name }, { $setOnInsert: { value: randomBytes(32).toString('base64') } }, { upsert: true });
  const doc = await secrets.findOne({ _id: name });
  if (!doc) throw new Error(`secret ${name} could not be stored`);
  return Buffer.from(doc.value, 'base64');
}
