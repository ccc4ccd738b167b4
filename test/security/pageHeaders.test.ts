import { expect } from 'chai';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

/** Every page a browser opens, in local mode (where all of them exist). */
const pages = [
  '/',
  '/agent',
  '/dev/mailbox',
  '/portal/login?tenant=example-u',
  '/account/confirm-email?t=not-a-token',
  '/account/second-password?t=not-a-token',
  '/account/graduate-reset?t=not-a-token',
];

/** The forms that change something: each must refuse a post without its CSRF token. */
const forms: Array<[path: string, fields: Record<string, string>]> = [
  ['/portal/login', { tenant: 'example-u', loginId: 's1234567', password: 'univ-pass-1' }],
  ['/account/confirm-email', { t: 'x'.repeat(43) }],
  ['/account/second-password', { t: 'x'.repeat(43), secondPassword: 'Fresh2ndPass9', check: 'Fresh2ndPass9' }],
  ['/account/graduate-reset', { t: 'x'.repeat(43), password: 'Fresh1Pass9', secondPassword: 'Fresh2ndPass9' }],
];

/** Issue 8 item 4: security headers on every page and CSRF on every form, checked over the real server. */
describe('security headers on every page, CSRF on every form', function () {
  this.timeout(60_000);
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.stop();
  });

  for (const page of pages) {
    it(`${page}: a CSP that forbids framing and any script not its own, nosniff, no referrer`, async () => {
      const response = await fetch(`${running.url}${page}`);
      expect(response.status, page).to.be.below(500);
      expect(response.headers.get('content-type')).to.match(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, 'CSP').to.match(/frame-ancestors '(none|self)'/);
      // Scripts from this origin or by nonce only; a page without scripts has none at all (default-src 'none').
      if (/script-src/.test(csp)) expect(csp, 'CSP').to.match(/script-src [^;]*'(self|nonce-[^']+)'/);
      else expect(csp, 'CSP').to.match(/default-src 'none'/);
      expect(csp, 'CSP').to.not.match(/script-src [^;]*('unsafe-inline'|\*)/);
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
    });
  }

  for (const [path, fields] of forms) {
    it(`POST ${path} without its CSRF token is refused with 403`, async () => {
      const response = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      expect(response.status).to.equal(403);
    });
  }

  it('the agent API refuses a change without the CSRF header even with a valid session', async () => {
    const login = await fetch(`${running.url}/agent/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'agent01', password: 'demo-agent-01' }),
    });
    expect(login.status).to.equal(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const response = await fetch(`${running.url}/agent/api/presence`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ presence: 'away' }),
    });
    expect(response.status).to.equal(403);
  });
});
