import { expect } from 'chai';
import { clientAddress } from '../../bot/clientLimits.ts';
import { postJson } from '../helpers/botClient.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

/** Issue 8 item 4: rate limits per client address, over the real server. */
describe('rate limits per client address', function () {
  this.timeout(60_000);

  describe('directly connected clients', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp({ CLIENT_REQUESTS_PER_MINUTE: '5' });
    });
    after(async () => {
      await running.stop();
    });

    it('answers the 6th chat session in a minute from one address with 429 and Retry-After, and serves other routes', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await postJson(`${running.url}/directline/session`, {})).status);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
      const refused = await postJson(`${running.url}/directline/session`, {});
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      expect(await refused.json()).to.include({ error: 'too many requests' });
      expect((await fetch(`${running.url}/healthz`)).status).to.equal(200);
    });

    it('lets 10 console logins through in 15 minutes and refuses the 11th, even with the right password', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 10; attempt += 1) statuses.push((await postJson(`${running.url}/agent/api/login`, { id: 'agent01', password: `guess-${attempt}` })).status);
      expect(statuses).to.deep.equal(Array.from({ length: 10 }, () => 401));
      expect((await postJson(`${running.url}/agent/api/login`, { id: 'agent01', password: 'demo-agent-01' })).status).to.equal(429);
    });
  });

  describe('behind one trusted proxy (TRUST_PROXY_HOPS=1)', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp({ CLIENT_REQUESTS_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1' });
    });
    after(async () => {
      await running.stop();
    });

    const from = async (forwardedFor: string): Promise<number> =>
      (await postJson(`${running.url}/directline/session`, {}, { 'x-forwarded-for': forwardedFor })).status;

    it('counts each client the proxy saw apart, and a forged left-hand entry changes nothing', async () => {
      expect([await from('198.51.100.1'), await from('198.51.100.1'), await from('198.51.100.1')]).to.deep.equal([200, 200, 429]);
      expect(await from('198.51.100.2')).to.equal(200);
      // The client prepends an address of its own: the proxy's entry (the right-most) still names it.
      expect(await from('203.0.113.9, 198.51.100.1')).to.equal(429);
    });
  });

  describe('clientAddress', () => {
    const request = (forwarded?: string) => ({ headers: forwarded ? { 'x-forwarded-for': forwarded } : {}, socket: { remoteAddress: '10.0.0.5' } });
    it('takes the socket address unless proxies are trusted, then the entry the nearest trusted proxy appended', () => {
      expect(clientAddress(request('1.1.1.1'), 0)).to.equal('10.0.0.5');
      expect(clientAddress(request('1.1.1.1, 2.2.2.2'), 1)).to.equal('2.2.2.2');
      expect(clientAddress(request('1.1.1.1, 2.2.2.2'), 2)).to.equal('1.1.1.1');
      expect(clientAddress(request(), 1)).to.equal('10.0.0.5');
    });
  });
});
