import type { Clock, Collection, DocumentStore } from '../../store/documentStore.ts';
import { randomToken, sha256 } from './secretHash.ts';

/** Where a demo-portal login stands (003 §2.1–2.3). */
export type PortalStep = 'email' | 'secondPassword' | 'key' | 'authenticated';

/** "If you close the screen, please log in again" (003 §2.3): a session lasts this long. */
export const SESSION_LIFETIME_MS = 30 * 60 * 1000;

interface SessionDoc {
  /** SHA-256 of the session id: the id is a bearer secret, so only its hash is stored. */
  _id: string;
  account: string;
  tenant: string;
  step: PortalStep;
  expiresAt: Date;
}

export interface PortalSession {
  account: string;
  tenant: string;
  step: PortalStep;
}

/** Server-side state of the demo portal's login screens, by an unguessable session id. */
export class PortalSessions {
  private constructor(
    private readonly sessions: Collection<SessionDoc>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<PortalSessions> {
    return new PortalSessions(await store.collection<SessionDoc>('portalSessions', { ttlField: 'expiresAt' }), clock);
  }

  /** Returns the session id to hand to the browser. */
  async start(account: { id: string; tenant: string }, step: PortalStep): Promise<string> {
    const id = randomToken();
    const expiresAt = new Date(this.clock().getTime() + SESSION_LIFETIME_MS);
    await this.sessions.insertOne({ _id: sha256(id), account: account.id, tenant: account.tenant, step, expiresAt });
    return id;
  }

  async get(id: string): Promise<PortalSession | undefined> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const doc = await this.sessions.findOne({ _id: sha256(id), expiresAt: { $gt: this.clock() } });
    return doc ? { account: doc.account, tenant: doc.tenant, step: doc.step } : undefined;
  }

  async moveTo(id: string, step: PortalStep): Promise<void> {
    await this.sessions.updateOne({ _id: sha256(id) }, { $set: { step } });
  }

  async end(id: string): Promise<void> {
    await this.sessions.deleteMany({ _id: sha256(id) });
  }

  /** Ends every session of the account (seeding replaces an account's state). */
  async endAll(account: string): Promise<void> {
    await this.sessions.deleteMany({ account });
  }
}
