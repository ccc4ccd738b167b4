import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createLogger } from '../../services/log/logger.ts';
import { postJson } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';

/** The demo fixture's secrets (bot/demoFixture.json): passwords, second passwords, staff passwords. */
const seeded = ['univ-pass-1', 'univ-pass-2', 'Demo2ndPass', 'Grad1Pass', 'Grad2Pass', 'demo-agent-01', 'demo-super-01'];
const NEW_SECOND_PASSWORD = 'Fresh2ndPass9';

/**
 * Issue 8 item 4: nothing secret in any log line, stored document, transcript, audit entry or file. A full run
 * over HTTP with real SMTP — resets and key reissues whose mails carry one-time links and keys, users pasting
 * their passwords and the key into the chat, a new second password set on the reset page, a Direct Line
 * session — then every byte the bot wrote (debug-level logs, every file under DATA_DIR after the store
 * closed) is searched for every secret: the seeded ones and those the run itself produced.
 */
describe('secrets at rest after a full run', function () {
  this.timeout(120_000);
  const logLines: string[] = [];
  let e2e: E2e;
  let dataDir: string;
  const produced: string[] = [];

  // Its own DATA_DIR, so the files are still there to search after the app has stopped.
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-secrets-'));
    e2e = await startE2e({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, logger: createLogger('debug', (line) => void logLines.push(line)) });
  });
  after(async () => {
    await e2e?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** One conversation; each message resolves with the texts the bot answered. */
  const chat = (locale = 'ja-JP') => {
    const { say } = e2e.chat(locale);
    return async (text: string): Promise<string> => (await say(text)).map((reply) => reply.text ?? '').join('\n');
  };
  /** Delivers what the outbox holds and returns the text of the newest mail whose body matches `pattern`. */
  const newestMail = async (pattern: RegExp): Promise<RegExpExecArray> => {
    const match = (await e2e.delivered()).map((mail) => pattern.exec(mail.text ?? '')).filter((found) => found !== null).at(-1);
    if (!match) throw new Error(`no mail matching ${pattern}`);
    return match;
  };

  it('leaves no password, key, link token or session token in any log line or stored byte', async () => {
    // A second-password reset; the user then pastes passwords into the chat.
    const student = chat();
    for (const text of ['第2パスワードを忘れました', '在学生', 's1234567', 'taro@example-u.ac.jp']) await student(text);
    const [link, token] = await newestMail(/https?:\/\/\S+\/account\/second-password\?t=([A-Za-z0-9_-]+)/);
    produced.push(token!);
    expect(await student('私のパスワードは univ-pass-1 です')).to.not.include('univ-pass-1');
    expect(await student('Demo2ndPass')).to.include(tFor('ja')('interruptions:secret'));

    // The reset page: a new second password is set through the link.
    const page = await fetch(link!);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf, 'the form carries a CSRF token').to.be.a('string');
    const form = new URLSearchParams({ t: token!, secondPassword: NEW_SECOND_PASSWORD, check: NEW_SECOND_PASSWORD, csrf: csrf! });
    const set = await fetch(new URL(link!).origin + new URL(link!).pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: form.toString() });
    expect(set.status, await set.clone().text()).to.equal(200);
    produced.push(NEW_SECOND_PASSWORD);

    // An authentication-key reissue; the user pastes the key from the mail.
    const keyUser = chat();
    for (const text of ['認証キーが届きません', 'はい', 's1234567', 'taro@example-u.ac.jp']) await keyUser(text);
    const [, key] = await newestMail(/(?<![0-9])([0-9]{6})(?![0-9])/);
    produced.push(key!);
    expect(await keyUser(`認証キーは ${key} です`), 'the pasted key is refused with a warning').to.include(tFor('ja')('interruptions:secret'));

    // A graduate pastes both passwords; a Direct Line session is opened.
    const graduate = chat('en-US');
    await graduate('I forgot my password');
    await graduate('my password is Grad1Pass and the second one is Grad2Pass');
    const session = (await (await postJson(`${e2e.url}/directline/session`, {})).json()) as { token: string };
    produced.push(session.token);

    // Stopped, so the embedded store has compacted its files: what remains is what an operator's backup holds.
    await e2e.running.stop();
    const secrets = [...seeded, ...produced];
    const written = [...logLines.map((line) => ({ where: 'log', text: line })), ...(await filesUnder(e2e.running.dataDir))];
    expect(written.length, 'something was written').to.be.greaterThan(10);
    // A key is six digits: it counts where it stands alone, not inside a longer run of digits (the NLU model's
    // weights are long decimals, where any six digits turn up by chance).
    const occursIn = (text: string, secret: string): boolean =>
      /^[0-9]+$/.test(secret) ? new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text) : text.includes(secret);
    const found = written.flatMap(({ where, text }) => secrets.filter((secret) => occursIn(text, secret)).map((secret) => `${secret} in ${where}`));
    expect(found).to.deep.equal([]);
  });
});

/** Every file under `dir` (the embedded store's collections, the NLU cache…), as text. */
async function filesUnder(dir: string): Promise<Array<{ where: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return await Promise.all(files.map(async (file) => ({ where: path.relative(dir, file), text: await readFile(file, 'latin1').then((raw) => Buffer.from(raw, 'latin1').toString('utf8')) })));
}
