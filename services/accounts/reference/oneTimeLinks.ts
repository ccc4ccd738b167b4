import { randomUUID } from 'node:crypto';
import type { Locale } from '../../i18n/i18n.ts';
import type { Clock, Collection, DocumentStore } from '../../store/documentStore.ts';
import { randomToken, sha256 } from './secretHash.ts';

/** What a link may be used for; a link opened on another purpose's page is unknown there. */
export type LinkPurpose = 'confirmEmail' | 'resetSecondPassword' | 'graduateReset';

/**
 * How a link stands. `superseded`: a newer link of the same purpose was mailed, so only the newest
 * works (issue 3) and the page can say "use the latest mail".
 */
export type LinkState = 'ok' | 'expired' | 'used' | 'superseded' | 'unknown';

/** 003 §2.1, §2.4: "Due date for the URL: 30 minutes". */
export const LINK_LIFETIME_MS = 30 * 60 * 1000;
/** Used and expired links are kept this long so their page can say so, then the TTL index removes them. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

interface LinkDoc {
  /** The link id: public in mail ids and audit details, useless without the token. */
  _id: string;
  /** SHA-256 of the token: the token itself is never stored (issue 3). */
  tokenHash: string;
  account: string;
  tenant: string;
  purpose: LinkPurpose;
  /** For `confirmEmail`: the address being confirmed. */
  email?: string;
  locale: Locale;
  createdAt: Date;
  /** Issue order (clock milliseconds, then a per-process counter): the newest link is the one with the highest. */
  seq: number;
  expiresAt: Date;
  usedAt?: Date;
  supersededAt?: Date;
  purgeAt: Date;
}

export interface IssuedLink {
  linkId: string;
  /** Only ever in the mail: 256 random bits, base64url. */
  token: string;
  expiresAt: Date;
}

export interface LinkInfo {
  linkId: string;
  account: string;
  tenant: string;
  purpose: LinkPurpose;
  email?: string;
  locale: Locale;
  expiresAt: Date;
}

export type LinkOutcome = { state: 'ok'; link: LinkInfo } | { state: Exclude<LinkState, 'ok'> };

/** One-time URLs: random, stored hashed, single use, 30 minutes, the newest of a purpose voiding older ones. */
export class OneTimeLinks {
  private constructor(
    private readonly links: Collection<LinkDoc>,
    private readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock): Promise<OneTimeLinks> {
    const links = await store.collection<LinkDoc>('oneTimeLinks', {
      indexes: [{ fields: { tokenHash: 1 }, unique: true }, { fields: { account: 1, purpose: 1 } }],
      ttlField: 'purgeAt',
    });
    return new OneTimeLinks(links, clock);
  }

  async issue(
    account: { id: string; tenant: string },
    purpose: LinkPurpose,
    details: { locale: Locale; email?: string },
    linkId: string = randomUUID(),
  ): Promise<IssuedLink> {
    const token = randomToken();
    const createdAt = this.clock();
    const expiresAt = new Date(createdAt.getTime() + LINK_LIFETIME_MS);
    const seq = createdAt.getTime() * 4096 + (counter++ % 4096);
    await this.links.insertOne({
      _id: linkId,
      tokenHash: sha256(token),
      account: account.id,
      tenant: account.tenant,
      purpose,
      ...(details.email === undefined ? {} : { email: details.email }),
      locale: details.locale,
      createdAt,
      seq,
      expiresAt,
      purgeAt: new Date(expiresAt.getTime() + KEEP_MS),
    });
    // Insert first, then void the older ones: two racing requests still leave exactly the newest alive.
    const older = await this.links.find({ account: account.id, purpose, seq: { $lt: seq }, ...live() });
    for (const doc of older) await this.links.updateOne({ _id: doc._id, ...live() }, { $set: { supersededAt: createdAt } });
    return { linkId, token, expiresAt };
  }

  /** How the link stands, changing nothing (a page shows the form only for a usable link). */
  async inspect(token: string, purpose: LinkPurpose): Promise<LinkOutcome> {
    const doc = await this.find(token, purpose);
    return doc ? outcome(doc, this.clock()) : { state: 'unknown' };
  }

  /** Uses the link once. Anything but `ok` changes nothing; of two racing uses exactly one is `ok`. */
  async consume(token: string, purpose: LinkPurpose): Promise<LinkOutcome> {
    const doc = await this.find(token, purpose);
    if (!doc) return { state: 'unknown' };
    const now = this.clock();
    const found = outcome(doc, now);
    if (found.state !== 'ok') return found;
    const claimed = await this.links.updateOne({ _id: doc._id, expiresAt: { $gt: now }, ...live() }, { $set: { usedAt: now } });
    if (claimed.matched === 1) return found;
    const after = await this.links.findOne({ _id: doc._id });
    return after ? outcome(after, now) : { state: 'unknown' };
  }

  /** Voids every usable link of the account (seeding replaces an account's state). */
  async voidAll(account: string): Promise<void> {
    await this.links.deleteMany({ account });
  }

  private async find(token: string, purpose: LinkPurpose): Promise<LinkDoc | null> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    return await this.links.findOne({ tokenHash: sha256(token), purpose });
  }
}

let counter = 0;

const live = () => ({ usedAt: { $exists: false }, supersededAt: { $exists: false } });

function outcome(doc: LinkDoc, now: Date): LinkOutcome {
  if (doc.usedAt) return { state: 'used' };
  if (doc.supersededAt) return { state: 'superseded' };
  if (doc.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  const { _id, account, tenant, purpose, email, locale, expiresAt } = doc;
  return { state: 'ok', link: { linkId: _id, account, tenant, purpose, ...(email === undefined ? {} : { email }), locale, expiresAt } };
}
