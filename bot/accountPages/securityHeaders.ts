/** The path of the one script these pages load. */
export const PASSWORD_CHECK_SCRIPT = '/account/assets/password-check.js';

/**
 * Headers of every account page. Scripts only from this origin (and with the page's nonce), styles only
 * with the nonce, forms only to this origin, never framed, never cached (the pages show account state),
 * and no Referer: a page's URL may hold a one-time token.
 */
export function securityHeaders(nonce: string): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self'",
    "connect-src 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
