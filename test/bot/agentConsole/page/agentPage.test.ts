import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import restify from 'restify';
import type { Server } from 'restify';
import { registerAgentPage } from '../../../../bot/agentConsole/page/index.ts';
import { createI18n } from '../../../../services/i18n/i18n.ts';

const assetsDir = new URL('../../../../bot/agentConsole/page/assets/', import.meta.url);
const templateFile = new URL('../../../../bot/agentConsole/page/agentConsole.html', import.meta.url);
const i18n = createI18n();

describe('registerAgentPage', () => {
  let server: Server;
  let baseUrl: string;

  before(async () => {
    server = restify.createServer();
    server.use(restify.plugins.queryParser({ mapParams: false }));
    registerAgentPage(server, { i18n });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.server.closeAllConnections();
    server.close();
  });

  const page = async (query = '', headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}/agent${query}`, { headers });
    const html = await response.text();
    const json = /<script id="agent-console-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null';
    return { response, html, json, config: JSON.parse(json) as { locale: string; strings: Record<string, { title: string }> } };
  };

  describe('GET /agent', () => {
    it('serves the console with both languages of agentConsole.json as inert JSON', async () => {
      const { response, html, json, config } = await page();
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(config.strings.ja!.title).to.equal(i18n.getFixedT('ja', 'agentConsole')('title'));
      expect(config.strings.en!.title).to.equal(i18n.getFixedT('en', 'agentConsole')('title'));
      expect(json, 'no markup can close the config element').not.to.include('<');
      expect(html).to.include(`<title>${i18n.getFixedT('ja', 'agentConsole')('title')}</title>`);
    });

    it('has a strict policy: no inline script, Trusted Types, no framing, fetches to this origin only', async () => {
      const { response } = await page();
      const policy = Object.fromEntries(
        (response.headers.get('content-security-policy') ?? '').split(';').map((part) => {
          const [name, ...values] = part.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(policy).to.deep.equal({
        'default-src': "'none'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': 'data:',
        'connect-src': "'self'",
        'base-uri': "'none'",
        'form-action': "'none'",
        'frame-ancestors': "'none'",
        'require-trusted-types-for': "'script'",
        'trusted-types': "'none'",
      });
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(response.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
    });

    it('runs no script but its own files: every script element has a same-origin src or is JSON', async () => {
      const { html } = await page();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!);
      expect(scripts).to.have.length(2);
      for (const attributes of scripts) expect(attributes).to.match(/type="application\/json"|src="\/agent\/assets\/[\w.-]+\.js"/);
      expect(html).not.to.match(/\son\w+=/i);
    });

    context('when the URL or the browser names a language', () => {
      it('starts in English for ?lang=en', async () => {
        expect((await page('?lang=en')).config.locale).to.equal('en');
      });
      it("starts in the browser's language we speak (Accept-Language)", async () => {
        expect((await page('', { 'Accept-Language': 'fr-FR,en;q=0.8,ja;q=0.5' })).config.locale).to.equal('en');
      });
      it('starts in Japanese otherwise', async () => {
        expect((await page('?lang=xx', { 'Accept-Language': 'fr' })).config.locale).to.equal('ja');
      });
    });
  });

  describe('GET /agent/assets/:file', () => {
    it('serves the entry module and every module it imports, with JavaScript types and nosniff', async () => {
      const pending = ['main.js'];
      const served = new Set<string>();
      while (pending.length > 0) {
        const name = pending.pop()!;
        if (served.has(name)) continue;
        const response = await fetch(`${baseUrl}/agent/assets/${name}`);
        expect(response.status, name).to.equal(200);
        expect(response.headers.get('content-type'), name).to.equal('text/javascript; charset=utf-8');
        expect(response.headers.get('x-content-type-options'), name).to.equal('nosniff');
        served.add(name);
        for (const match of (await response.text()).matchAll(/from '\.\/([\w.-]+\.js)'/g)) pending.push(match[1]!);
      }
      expect([...served].sort()).to.deep.equal(readdirSync(assetsDir).filter((name) => name.endsWith('.js')).sort());
    });

    it('serves the style sheet as CSS', async () => {
      const response = await fetch(`${baseUrl}/agent/assets/console.css`);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/css; charset=utf-8');
    });

    it('answers 404 for anything else, the server files next to the assets included', async () => {
      for (const name of ['nope.js', '..%2Findex.ts', '..%2FagentConsole.html', 'index.ts']) {
        expect((await fetch(`${baseUrl}/agent/assets/${name}`)).status, name).to.equal(404);
      }
    });
  });

  describe('the page scripts', () => {
    const scripts = readdirSync(assetsDir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => ({ name, source: readFileSync(new URL(name, assetsDir), 'utf8') }));

    it('never parse strings as markup', () => {
      for (const { name, source } of scripts) {
        expect(source, name).not.to.match(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
      }
    });

    it('use only keys that exist in both languages', () => {
      const keys = new Set<string>();
      const html = readFileSync(templateFile, 'utf8');
      for (const match of html.matchAll(/data-i18n(?:-placeholder|-label)?="([\w.]+)"/g)) keys.add(match[1]!);
      for (const { source } of scripts) {
        for (const match of source.matchAll(/\b(?:t|notify|showLogin|i18n\.t)\('([\w.]+)'/g)) keys.add(match[1]!);
      }
      expect(keys.size).to.be.greaterThan(40);
      for (const locale of ['ja', 'en'] as const) {
        for (const key of keys) expect(i18n.exists(key, { lng: locale, ns: 'agentConsole' }), `${locale}: ${key}`).to.equal(true);
      }
    });
  });
});
