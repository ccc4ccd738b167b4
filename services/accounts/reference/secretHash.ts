import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(scrypt) as (secret: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/**
 * `scrypt$<salt>$<hash>` (base64url) with a fresh 16-byte salt. The secret is hashed exactly as typed:
 * the password rules (003 §2.2) already refuse full-width characters, so nothing is normalised away.
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time check; a malformed stored value never matches but costs the same scrypt run. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt = '', hash = ''] = stored.split('$');
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), KEY_LENGTH);
  return scheme === 'scrypt' && expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash of nothing anyone knows, checked when an account is missing so both paths cost one scrypt run. */
export const dummySecretHash = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

/** SHA-256 (base64url): for high-entropy values (one-time tokens, session ids) that need no stretching. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/**
 * Equality in constant time for values of any length: both sides are hashed first, so neither the
 * position of the first difference nor the length of either value shows in the timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A random, URL-safe bearer token: 256 bits (the one-time-URL rule asks for at least 128). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
