import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import restify from 'restify';
import type { Server } from 'restify';
import { registerWebChatPage } from '../../bot/webChatPage.ts';

describe('registerWebChatPage', () => {
  let server: Server;
  let baseUrl: string;
  const titles = { ja: '証明書発行サービス <サポート> & "チャット"', en: 'Certificate support' };

  before(async () => {
    server = restify.createServer();
    server.use(restify.plugins.queryParser());
    registerWebChatPage(server, { pageTitle: (locale) => titles[locale], defaultTenant: 'demo-u' });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.server.closeAllConnections();
    server.close();
  });

  const page = async (query = ''): Promise<{ response: Response; html: string; config: Record<string, unknown> }> => {
    const response = await fetch(`${baseUrl}/${query}`);
    const html = await response.text();
    const json = /<script id="webchat-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null';
    return { response, html, config: JSON.parse(json) as Record<string, unknown> };
  };

  describe('GET /', () => {
    it('defaults to Japanese and the default tenant, with the title HTML-escaped', async () => {
      const { response, html, config } = await page();
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(html).to.include('<html lang="ja">');
      expect(html).to.include('<title>証明書発行サービス &#60;サポート&#62; &#38; &#34;チャット&#34;</title>');
      expect(config).to.include({ tenant: 'demo-u', locale: 'ja-JP' });
    });

    it('serves English for ?locale=en-US and passes the tenant on', async () => {
      const { html, config } = await page('?locale=en-US&tenant=example-u');
      expect(html).to.include('<html lang="en">').and.include('<title>Certificate support</title>');
      expect(config).to.include({ tenant: 'example-u', locale: 'en-US' });
    });

    for (const query of ['?locale=fr-FR', '?locale=en', '?locale=<script>', '?locale=en-US&locale=ja-JP']) {
      it(`falls back to ja-JP for ${query}`, async () => {
        expect((await page(query)).config).to.include({ locale: 'ja-JP' });
      });
    }

    it('falls back to the default tenant when ?tenant= is not a short id, without reflecting it', async () => {
      const { html, config } = await page('?tenant=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
      expect(config).to.include({ tenant: 'demo-u' });
      expect(html).to.not.include('alert');
    });

    it('sends a CSP whose style nonce is the page’s, and the other security headers', async () => {
      const { response, html, config } = await page();
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = String(config.nonce);
      expect(nonce).to.have.length.greaterThan(15);
      expect(html).to.include(`<style nonce="${nonce}">`);
      expect(csp).to.include("script-src 'self';").and.include(`'nonce-${nonce}'`).and.include("frame-ancestors 'self'");
      expect(csp).to.include(`connect-src 'self' ws://127.0.0.1:`);
      expect(csp).to.not.include('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect((await page()).config.nonce).to.not.equal(nonce);
    });

    it('has a viewport for phones and no inline script that would need to run', async () => {
      const { html } = await page();
      expect(html).to.include('<meta name="viewport" content="width=device-width, initial-scale=1');
      const scripts = html.match(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/g) ?? [];
      expect(scripts).to.deep.equal([]);
    });
  });

  describe('GET /webchat/webchat.js', () => {
    const bundlePath = path.resolve(path.dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js');

    it('serves the official bundle, gzipped, cacheable for a year', async () => {
      const response = await fetch(`${baseUrl}/webchat/webchat.js?v=1`, { headers: { 'accept-encoding': 'gzip' } });
      const body = Buffer.from(await response.arrayBuffer());
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-encoding')).to.equal('gzip');
      expect(response.headers.get('cache-control')).to.include('max-age=31536000');
      expect(body.equals(await readFile(bundlePath))).to.equal(true);
    });

    it('serves it uncompressed to a client that does not take gzip', async () => {
      const response = await fetch(`${baseUrl}/webchat/webchat.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.headers.get('content-encoding')).to.equal(null);
      expect(Number(response.headers.get('content-length'))).to.equal((await readFile(bundlePath)).length);
      await response.arrayBuffer();
    });
  });

  describe('GET /webchat/page.js', () => {
    it('serves the page script as JavaScript', async () => {
      const response = await fetch(`${baseUrl}/webchat/page.js`);
      expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
      expect(await response.text()).to.include('createDirectLine');
    });
  });
});
