import type { Request } from 'restify';

/** How a cookie is set; every cookie of these pages is HttpOnly (no script reads them). */
export interface CookieOptions {
  path: string;
  sameSite: 'Strict' | 'Lax';
  /** Seconds; 0 deletes the cookie; absent makes it a session cookie. */
  maxAge?: number;
  secure: boolean;
}

/** The value of one cookie of the request, or undefined (also for a cookie sent twice: ambiguous). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  const values = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
  return values.length === 1 ? values[0] : undefined;
}

/** A `Set-Cookie` value. Values are base64url, so they need no quoting. */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Whether the browser reached us over HTTPS (directly, or through a TLS-terminating front end such as App
 * Service). Only decides the `Secure` flag: a spoofed header can only make the sender's own cookie stricter.
 */
export function isHttps(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return req.isSecure() || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https');
}
