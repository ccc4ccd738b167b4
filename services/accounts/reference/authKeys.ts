import { randomInt, randomUUID } from 'node:crypto';
import type { KeyState } from '../accounts.ts';
import type { Clock, Collection, DocumentStore } from '../../store/documentStore.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import { dummySecretHash, hashSecret, verifySecret } from './secretHash.ts';

/** The account's current key: one per account, so issuing a new one voids the old (003 §2.3 "Reissue"). */
interface KeyDoc {
  _id: string;
  keyId: string;
  keyHash: string;
  issuedAt: Date;
  expiresAt: Date;
  failures: number;
  /** The tenant's limit when the key was issued: a settings change does not alter a key already mailed. */
  failureLimit: number;
  invalidated: boolean;
}

export interface IssuedKey {
  keyId: string;
  /** Six digits, only ever in the mail. */
  key: string;
  expiresAt: Date;
}

export type KeyCheck =
  | { result: 'ok' }
  | { result: 'wrong'; attemptsLeft: number }
  /** 003 §2.6: this attempt reached the limit (`byThisAttempt`), or the key already had. */
  | { result: 'invalidated'; byThisAttempt: boolean }
  | { result: 'expired' }
  | { result: 'none' };

export interface KeyStatus {
  state: KeyState;
  failures: number;
}

/** Authentication keys of manual 003 §2.3 and §2.6: per-tenant lifetime and failure limit, stored hashed. */
export class AuthKeys {
  private constructor(
    private readonly keys: Collection<KeyDoc>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<AuthKeys> {
    return new AuthKeys(await store.collection<KeyDoc>('authKeys'), clock);
  }

  /** A new key replaces the account's current one, its failures and its invalidation. */
  async issue(account: string, settings: Tenant['authKey'], keyId: string = randomUUID()): Promise<IssuedKey> {
    const key = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const issuedAt = this.clock();
    const expiresAt = new Date(issuedAt.getTime() + settings.lifetimeMinutes * 60_000);
    const keyHash = await hashSecret(key);
    await this.keys.updateOne(
      { _id: account },
      { $set: { keyId, keyHash, issuedAt, expiresAt, failures: 0, failureLimit: settings.failureLimit, invalidated: false } },
      { upsert: true },
    );
    return { keyId, key, expiresAt };
  }

  async status(account: string): Promise<KeyStatus> {
    const doc = await this.keys.findOne({ _id: account });
    return doc ? { state: stateOf(doc, this.clock()), failures: doc.failures } : { state: 'none', failures: 0 };
  }

  /**
   * Checks an entered key. A right key is used up; a wrong one counts against the key's limit and,
   * on reaching it, invalidates the key (003 §2.6). Expired or invalidated keys accept nothing.
   */
  async check(account: string, entered: string): Promise<KeyCheck> {
    const doc = await this.keys.findOne({ _id: account });
    const matches = await verifySecret(entered, doc?.keyHash ?? dummySecretHash);
    if (!doc) return { result: 'none' };
    const state = stateOf(doc, this.clock());
    if (state === 'invalidated') return { result: state, byThisAttempt: false };
    if (state === 'expired') return { result: state };
    if (matches) {
      const used = await this.keys.deleteMany({ _id: account, keyId: doc.keyId, invalidated: false });
      return used === 1 ? { result: 'ok' } : { result: 'invalidated', byThisAttempt: false };
    }
    const counted = await this.keys.updateOne({ _id: account, keyId: doc.keyId, invalidated: false }, { $inc: { failures: 1 } });
    if (counted.matched === 0) return { result: 'invalidated', byThisAttempt: false };
    const after = await this.keys.findOne({ _id: account, keyId: doc.keyId });
    const failures = after?.failures ?? doc.failureLimit;
    if (failures < doc.failureLimit) return { result: 'wrong', attemptsLeft: doc.failureLimit - failures };
    await this.keys.updateOne({ _id: account, keyId: doc.keyId }, { $set: { invalidated: true } });
    return { result: 'invalidated', byThisAttempt: true };
  }

  /** No key at all: a staff unlock, 2FA turned off, or seeding. */
  async void(account: string): Promise<void> {
    await this.keys.deleteMany({ _id: account });
  }

  /** Seeding only: a key in a given state, with a value nobody knows. */
  async plant(account: string, settings: Tenant['authKey'], state: Exclude<KeyState, 'none'>): Promise<void> {
    const issued = await this.issue(account, settings);
    const now = this.clock().getTime();
    if (state === 'expired') await this.keys.updateOne({ _id: account }, { $set: { expiresAt: new Date(now - 60_000) } });
    if (state === 'invalidated') {
      await this.keys.updateOne({ _id: account, keyId: issued.keyId }, { $set: { invalidated: true, failures: settings.failureLimit } });
    }
  }
}

function stateOf(doc: KeyDoc, now: Date): Exclude<KeyState, 'none'> {
  if (doc.invalidated || doc.failures >= doc.failureLimit) return 'invalidated';
  return doc.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
