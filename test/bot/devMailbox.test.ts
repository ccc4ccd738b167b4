import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import restify from 'restify';
import type { Server } from 'restify';
import { registerDevMailbox } from '../../bot/devMailbox.ts';
import type { OutgoingMail } from '../../services/mail/mailer.ts';
import { OutboxFolderMailer } from '../../services/mail/outboxFolderMailer.ts';

const mail = (id: string, subject: string, text: string): OutgoingMail => ({
  id,
  to: 'taro@example-u.ac.jp',
  subject,
  text,
  locale: 'ja',
  kind: 'secondPasswordReset',
});

describe('registerDevMailbox', () => {
  let dataDir: string;
  let outboxDir: string;
  let server: Server;
  let baseUrl: string;
  let nowMs: number;
  let mailer: OutboxFolderMailer;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dev-mailbox-'));
    outboxDir = path.join(dataDir, 'outbox');
    server = restify.createServer();
    registerDevMailbox(server, { outboxDir, pageTitle: '開発用メールボックス <dev>' });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    nowMs = Date.parse('2025-04-01T09:00:00Z');
    mailer = new OutboxFolderMailer(outboxDir, { clock: () => new Date(nowMs) });
  });

  after(async () => {
    server.server.closeAllConnections();
    server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const get = async (pathname: string): Promise<{ response: Response; html: string }> => {
    const response = await fetch(`${baseUrl}${pathname}`);
    return { response, html: await response.text() };
  };
  const fileOf = async (id: string): Promise<string> => (await readdir(outboxDir)).find((file) => file.endsWith(`_${id}.eml`))!;

  describe('GET /dev/mailbox', () => {
    it('is an empty list before any mail, with the page title escaped', async () => {
      const { response, html } = await get('/dev/mailbox');
      expect(response.status).to.equal(200);
      expect(html).to.include('<title>開発用メールボックス &#60;dev&#62;</title>').and.include('<tbody></tbody>');
    });

    it('lists the mails newest first, each linking to its page', async () => {
      await mailer.send(mail('first', '【証明書発行サービス】メールアドレス確認', 'https://bot.example/confirm?token=a'));
      nowMs += 60_000;
      await mailer.send(mail('second', '【証明書発行サービス】認証キー再発行', '認証キー: 123456'));
      const { html } = await get('/dev/mailbox');
      const second = html.indexOf(`href="/dev/mailbox/${await fileOf('second')}"`);
      const first = html.indexOf(`href="/dev/mailbox/${await fileOf('first')}"`);
      expect(second).to.be.greaterThan(0);
      expect(first).to.be.greaterThan(second);
      expect(html).to.include('<th>To</th>').and.include('taro@example-u.ac.jp').and.include('認証キー再発行');
    });

    it('sends a CSP without scripts, no-store and the other security headers', async () => {
      const { response, html } = await get('/dev/mailbox');
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
      expect(csp).to.match(/^default-src 'none';/).and.include(`style-src 'nonce-${nonce}'`).and.include("frame-ancestors 'none'");
      expect(csp).to.not.include('script-src').and.not.include('unsafe-inline');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    });
  });

  describe('from anywhere but this machine', () => {
    it('answers 404 to a request that came through a proxy, list and mail alike (they hold live links)', async () => {
      await mailer.send(mail('m-proxy', 'link', 'https://x.test/account/second-password?t=abc'));
      for (const pathname of ['/dev/mailbox', `/dev/mailbox/${encodeURIComponent(await fileOf('m-proxy'))}`]) {
        const direct = await fetch(`${baseUrl}${pathname}`);
        expect(direct.status, pathname).to.equal(200);
        const proxied = await fetch(`${baseUrl}${pathname}`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
        expect(proxied.status, pathname).to.equal(404);
        expect(await proxied.text()).to.not.include('taro@');
      }
    });
  });

  describe('GET /dev/mailbox/:file', () => {
    it('shows the headers and the text, with its URLs as links', async () => {
      const text = '以下のURLを開いてください。\nhttps://bot.example/reset?token=Ab_12-x&lang=ja。\n期限: 2025/04/01 18:30';
      await mailer.send(mail('link', '第2パスワード再設定', text));
      const { response, html } = await get(`/dev/mailbox/${await fileOf('link')}`);
      expect(response.status).to.equal(200);
      expect(html).to.include('<th>Subject</th><td>第2パスワード再設定</td>').and.include('<th>To</th><td>taro@example-u.ac.jp</td>');
      const href = 'https://bot.example/reset?token=Ab_12-x&#38;lang=ja';
      expect(html).to.include(`<a href="${href}" rel="noreferrer noopener">${href}</a>。\n期限: 2025/04/01 18:30`);
    });

    it('shows markup in a mail as text: a <script> subject or body never runs', async () => {
      const script = '<script>alert(1)</script>';
      await mailer.send(mail('xss', `${script} subject`, `${script}\nhttps://x.example/"><script>alert(2)</script>\njavascript:alert(3)`));
      for (const page of ['/dev/mailbox', `/dev/mailbox/${await fileOf('xss')}`]) {
        const { html } = await get(page);
        expect(html, page).to.not.include('<script>');
        expect(html, page).to.include('&#60;script&#62;alert(1)&#60;/script&#62;');
      }
      const { html } = await get(`/dev/mailbox/${await fileOf('xss')}`);
      expect(html).to.include('<a href="https://x.example/"').and.not.include('href="javascript:');
    });

    it('answers 404 for a well-formed name that is not there', async () => {
      expect((await get('/dev/mailbox/20250401T090000000Z_missing.eml')).response.status).to.equal(404);
    });

    for (const attempt of ['..%2F..%2Fstore%2FLOCK', '%2E%2E%2Fsecret.eml', '20250401T090000000Z_m1.eml%00', 'x.eml', '20250401T090000000Z_a..b.eml']) {
      it(`answers 400 for ${attempt}`, async () => {
        expect((await get(`/dev/mailbox/${attempt}`)).response.status).to.equal(400);
      });
    }

    it('never serves a file outside the outbox through a path that resolves upwards', async () => {
      const { response } = await get('/dev/mailbox/../store/LOCK');
      expect(response.status).to.equal(404); // fetch normalises the path to /dev/store/LOCK: no such route
    });
  });
});
