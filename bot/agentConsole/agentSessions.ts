import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, Collection, DocumentStore } from '../../services/store/documentStore.ts';
import type { StaffMember } from '../../services/staff/staffDirectory.ts';

/** How long a console session lasts without use. */
export const SESSION_HOURS = 8;

export interface AgentSession {
  member: StaffMember;
  csrfToken: string;
}

interface SessionDoc {
  /** SHA-256 of the cookie's token: a leaked store does not hand out sessions. */
  _id: string;
  member: StaffMember;
  csrfToken: string;
  expiresAt: Date;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Agent console sessions in the store, so any instance knows a logged-in agent; they expire by TTL. */
export class AgentSessions {
  private constructor(
    private readonly sessions: Collection<SessionDoc>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<AgentSessions> {
    return new AgentSessions(await store.collection<SessionDoc>('agentSessions', { ttlField: 'expiresAt' }), clock);
  }

  /** A new session: the cookie's token and the CSRF token the page sends back in X-CSRF-Token. */
  async create(member: StaffMember): Promise<{ token: string; session: AgentSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.sessions.insertOne({ _id: hash(token), member, csrfToken, expiresAt: this.expiry() });
    return { token, session: { member, csrfToken } };
  }

  async find(token: string | undefined): Promise<AgentSession | undefined> {
    if (token === undefined || !TOKEN.test(token)) return undefined;
    const doc = await this.sessions.findOne({ _id: hash(token) });
    if (!doc) return undefined;
    await this.sessions.updateOne({ _id: doc._id }, { $set: { expiresAt: this.expiry() } });
    return { member: doc.member, csrfToken: doc.csrfToken };
  }

  async end(token: string | undefined): Promise<void> {
    if (token !== undefined && TOKEN.test(token)) await this.sessions.deleteMany({ _id: hash(token) });
  }

  private expiry(): Date {
    return new Date(this.clock().getTime() + SESSION_HOURS * 3_600_000);
  }
}

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Constant-time comparison of the submitted CSRF header with the session's token. */
export function csrfMatches(session: AgentSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
