import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { ANSWER_PACE_MS, setAnswerPace } from '../../dialogs/shared/evenPace.ts';
import { createLogger } from '../../services/log/logger.ts';
import { BotClient } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { ReplySink } from '../helpers/replySink.ts';

const serviceDown = JSON.stringify(tFor('ja')('identity:serviceDown')).slice(1, 40);
/** The identity check's "one moment, please", said before the service is called. */
const checking = tFor('ja')('identity:checking');
const SAMPLES = Number(process.env.ENUM_SAMPLES ?? 200);
const MAX_GAP_MS = 50;
/** Samples run side by side (each kind in each batch); the owner's budget allows 5 mails a day, the clock moves a day per batch. */
const BATCH = 2;
const DAY = 24 * 60 * 60_000;

/** Who claims to be whom. Only `verified` names a real account with its registered address. */
const claims = {
  missing: { loginId: 's7654321', email: 'nobody@example-u.ac.jp' },
  existing: { loginId: 's1234567', email: 'guess@example-u.ac.jp' },
  locked: { loginId: 's2345678', email: 'guess@example-u.ac.jp' },
  unregistered: { loginId: 's3456789', email: 'guess@example-u.ac.jp' },
  verified: { loginId: 's1234567', email: 'taro@example-u.ac.jp' },
} as const;
type Kind = keyof typeof claims;

/** The journeys that act on an account after the identity check, up to the question before the login ID. */
const journeys: Record<string, readonly string[]> = {
  'second-password reset': ['第2パスワードを忘れました', '在学生'],
  'authentication-key reissue': ['認証キーが届きません', 'はい'],
};

/**
 * Issue 8 item 4, over the real server: for each journey that can send a mail, SAMPLES claims of each kind —
 * a login ID that does not exist; one that exists (healthy, key locked, not yet registered) with a guessed
 * address; and the real owner's ID and address — get replies identical byte for byte (texts and cards) to the
 * last answer, and the median and 90th-percentile latency of that turn differ by less than MAX_GAP_MS.
 * The clock moves a day between batches so the owner's per-account mail budget never answers instead. Without the
 * even pace of answers after an identity check (dialogs/shared/evenPace.ts) the owner's answers come measurably later.
 */
describe(`no account enumeration (${SAMPLES} samples per kind)`, function () {
  this.timeout(600_000);
  const sink = new ReplySink();
  let app: App;
  let url: string;
  let dataDir: string;
  let nowMs = Date.now();

  let previousPace = 0;
  before(async () => {
    // The production pace, whatever dialog unit tests loaded in this process set.
    previousPace = setAnswerPace(ANSWER_PACE_MS);
    const serviceUrl = await sink.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-enumeration-'));
    app = await compose(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error' }), { logger: createLogger('warn', (line) => void problems.push(line)), clock: () => new Date(nowMs) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
    sinkUrl = serviceUrl;
  });
  after(async () => {
    setAnswerPace(previousPace);
    await app?.stop();
    await sink.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  let sinkUrl = '';
  /** Warnings and errors the server logged: shown when a claim got another reply than the rest. */
  const problems: string[] = [];

  /** One claim in a fresh conversation; resolves with what the bot answered to the address and how long it took. */
  async function claim(steps: readonly string[], kind: Kind): Promise<{ reply: string; ms: number }> {
    const user = new BotClient(url, sinkUrl, { locale: 'ja-JP' });
    for (const text of [...steps, claims[kind].loginId]) expect((await user.say(text)).status).to.equal(200);
    const before = sink.of(user.conversationId).length;
    const started = process.hrtime.bigint();
    expect((await user.say(claims[kind].email)).status).to.equal(200);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const replies = sink.of(user.conversationId).slice(before).map(({ type, text, attachments }) => ({ type, text, attachments }));
    return { reply: JSON.stringify(replies), ms };
  }

  for (const [journey, steps] of Object.entries(journeys)) {
    it(`${journey}: the same replies and latency whether the account exists, is locked, unregistered, missing or the user's own`, async () => {
      const kinds = Object.keys(claims) as Kind[];
      const replies = new Map<Kind, Set<string>>(kinds.map((kind) => [kind, new Set()]));
      const latencies = new Map<Kind, number[]>(kinds.map((kind) => [kind, []]));
      const unavailable: Kind[] = [];
      for (let sample = 0; sample < SAMPLES; sample += BATCH) {
        // Every kind in every batch, at the same time: warm-up, drift and load fall on all kinds alike.
        const batch = Array.from({ length: Math.min(BATCH, SAMPLES - sample) }, () => kinds).flat();
        const results = await Promise.all(batch.map(async (kind) => ({ kind, ...(await claim(steps, kind)) })));
        for (const { kind, reply, ms } of results) {
          // A dependency failure gets one apology whatever the account (the identity check's own tests show it);
          // such a sample says nothing about the account and is counted apart.
          if (reply.includes(serviceDown)) {
            unavailable.push(kind);
            continue;
          }
          replies.get(kind)!.add(reply);
          latencies.get(kind)!.push(ms);
        }
        nowMs += DAY;
      }
      expect(unavailable.length, `apologies for a dependency failure (${unavailable.join(', ')}); the server logged: ${problems.slice(-5).join('\n')}`).to.be.at.most((SAMPLES * kinds.length) / 100);
      const expected = [...replies.get('missing')!];
      expect(expected, 'one reply for every missing-account claim').to.have.length(1);
      for (const kind of kinds) expect([...replies.get(kind)!], `${kind}; the server logged: ${problems.slice(-5).join('\n')}`).to.deep.equal(expected);
      // The one reply for all kinds leads with the check's "one moment, please", sent before the service is asked.
      expect((JSON.parse(expected[0]!) as Array<{ text?: string }>)[0]?.text).to.equal(checking);

      const summary = Object.fromEntries(kinds.map((kind) => [kind, { median: percentile(latencies.get(kind)!, 0.5), p90: percentile(latencies.get(kind)!, 0.9) }]));
      for (const measure of ['median', 'p90'] as const) {
        const values = kinds.map((kind) => summary[kind]![measure]);
        expect(Math.max(...values) - Math.min(...values), `${measure} latency by kind (ms): ${JSON.stringify(summary)}`).to.be.below(MAX_GAP_MS);
      }
    });
  }
});

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
