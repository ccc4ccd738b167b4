/*
 * The console shows what users typed, so the policy assumes some of it is hostile. Nothing inline runs (the page's
 * config is inert JSON; the console's scripts are files from this origin, ES modules); Trusted Types are required
 * with no policy, so any `innerHTML = string` in the page throws instead of parsing markup; no images, fonts or
 * frames from anywhere; fetches only to this origin; forms go nowhere (the login form is sent by script, so a page
 * whose script failed never puts a password in a URL); never framed (clickjacking an Accept or Return button).
 */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const COMMON: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Headers of `GET /agent`. Never cached: a shared computer's back button must not show a colleague's console. */
export function agentPageHeaders(): Record<string, string> {
  return {
    ...COMMON,
    'Content-Security-Policy': POLICY,
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** Headers of the console's scripts and style sheet: revalidated on every load, so a deploy takes effect at once. */
export function agentAssetHeaders(): Record<string, string> {
  return { ...COMMON, 'Cache-Control': 'no-cache' };
}
