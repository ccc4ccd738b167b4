import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../services/store/documentStore.ts';

/** What a token is bound to. A session token has no conversation; a stream token only opens a WebSocket. */
export interface TokenClaims {
  /** The user id the channel stamps on every activity posted with this token (`from.id`). */
  user: string;
  tenant: string;
  locale?: string;
  /** Present once a conversation was started: the token then works for this conversation only. */
  conv?: string;
  /** `stream` tokens travel in a URL (and so may end up in proxy logs): they can open the stream and nothing else. */
  scope: 'client' | 'stream';
}

/** The claims of a token that passed verification, with its expiry (seconds since the epoch). */
export type VerifiedToken = TokenClaims & { exp: number };

/**
 * Token lifetime. DirectLineJS refreshes every 15 minutes, so an hour survives three missed refreshes.
 * Stream tokens are short: they are used once, right after `GET /conversations/:id` handed them out.
 */
export const TOKEN_TTL_SECONDS = 3600;
export const STREAM_TOKEN_TTL_SECONDS = 300;

const Payload = z.object({
  user: z.string().min(1),
  tenant: z.string().min(1),
  locale: z.string().optional(),
  conv: z.string().optional(),
  scope: z.enum(['client', 'stream']),
  exp: z.number().int(),
});

/*
 * The token is a JWT (HS256) rather than a bare `payload.signature` pair: Web Chat and DirectLineJS decode the
 * token (without verifying it) and take the user id from its `user` claim (webchat-core connectSaga
 * rectifyUserID). Without it they would replace our reserved `dl_` user id with a random one and warn.
 * The header is fixed and compared byte for byte, so no algorithm can be smuggled in.
 */
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Issues and verifies the local Direct Line's stateless HMAC-SHA256 tokens. */
export class TokenSigner {
  constructor(
    private readonly secret: Uint8Array,
    private readonly clock: Clock,
  ) {
    if (secret.byteLength < 32) throw new Error('the Direct Line token secret needs at least 32 bytes');
  }

  /** Returns the token and its lifetime in seconds (`expires_in`). */
  issue(claims: TokenClaims): { token: string; expiresIn: number } {
    const expiresIn = claims.scope === 'stream' ? STREAM_TOKEN_TTL_SECONDS : TOKEN_TTL_SECONDS;
    const exp = Math.floor(this.clock().getTime() / 1000) + expiresIn;
    const body = `${HEADER}.${base64url(JSON.stringify({ ...claims, exp }))}`;
    return { token: `${body}.${this.sign(body)}`, expiresIn };
  }

  /** The claims of a genuine, unexpired token of the given scope; `null` for anything else. */
  verify(token: string, scope: TokenClaims['scope']): VerifiedToken | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return null;
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(`${HEADER}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = parsePayload(payload);
    if (!claims || claims.scope !== scope) return null;
    if (claims.exp * 1000 <= this.clock().getTime()) return null;
    return claims;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function parsePayload(payload: string): VerifiedToken | null {
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
