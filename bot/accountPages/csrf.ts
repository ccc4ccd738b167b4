import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { isHttps, readCookie, setCookie } from './cookies.ts';

const COOKIE = 'account_visitor';
const VISITOR_ID = /^[A-Za-z0-9_-]{43}$/;

/** A visitor as the pages know it: a random id from its cookie, and the cookie to set when it is new. */
export interface Visitor {
  id: string;
  setCookie?: string;
}

/**
 * Double-submit CSRF protection: each visitor gets a random id in an HttpOnly cookie, and every form
 * carries HMAC(csrfSecret, id). Another site can make the browser send the cookie but cannot read the page
 * to learn the token, nor compute it without the secret. SameSite=Lax (not Strict) so that opening a mail
 * link, a cross-site navigation, still sends the existing cookie and forms in other tabs keep working.
 */
export class Csrf {
  constructor(private readonly secret: Uint8Array) {
    if (secret.length < 16) throw new RangeError('csrfSecret must have at least 128 bits');
  }

  visitor(req: Request): Visitor {
    const id = readCookie(req, COOKIE);
    if (id !== undefined && VISITOR_ID.test(id)) return { id };
    const fresh = randomBytes(32).toString('base64url');
    return { id: fresh, setCookie: setCookie(COOKIE, fresh, { path: '/', sameSite: 'Lax', secure: isHttps(req) }) };
  }

  token(visitorId: string): string {
    return createHmac('sha256', this.secret).update(`accountPages.csrf:${visitorId}`).digest('base64url');
  }

  /** Whether a submitted token belongs to the visitor; compared in constant time. A new visitor never passes. */
  verify(visitor: Visitor, submitted: unknown): boolean {
    if (visitor.setCookie !== undefined || typeof submitted !== 'string') return false;
    const expected = Buffer.from(this.token(visitor.id));
    const given = Buffer.from(submitted);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
