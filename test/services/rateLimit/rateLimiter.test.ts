import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import type { Clock, DocumentStore } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { MongoDocumentStore } from '../../../services/store/mongoDocumentStore.ts';
import { RateLimiter } from '../../../services/rateLimit/rateLimiter.ts';
import type { LimitAnswer, LimitRule } from '../../../services/rateLimit/rateLimiter.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const fixedHour: LimitRule = { name: 'test.fixed', limit: 3, windowMs: HOUR, window: 'fixed' };
const slidingHour: LimitRule = { name: 'test.sliding', limit: 3, windowMs: HOUR, window: 'sliding' };

/** The limiter's behaviour over one store; `make(clock)` opens a fresh store on the test's own place. */
function rateLimiterSuite(make: (clock: Clock) => Promise<DocumentStore>): void {
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let store: DocumentStore;
  let limiter: RateLimiter;

  beforeEach(async () => {
    // The start of the next hour: fixed windows begin there, and it is later than the wall clock,
    // by which the embedded store also drops expired documents.
    nowMs = Math.ceil(Date.now() / HOUR) * HOUR;
    store = await make(clock);
    limiter = new RateLimiter(store, { clock });
  });
  afterEach(async () => {
    await store.close();
  });

  const takeTimes = async (rule: LimitRule, key: string, times: number, by = limiter): Promise<LimitAnswer[]> => {
    const answers: LimitAnswer[] = [];
    for (let i = 0; i < times; i++) answers.push(await by.take(rule, key));
    return answers;
  };
  const allowed = (answers: LimitAnswer[]): number => answers.filter((answer) => answer.ok).length;

  describe('#take with a fixed window', () => {
    it('allows the limit, then refuses until the window ends', async () => {
      nowMs += 10 * MINUTE;
      const answers = await takeTimes(fixedHour, 'conv-1', 4);
      expect(answers.slice(0, 3)).to.deep.equal([{ ok: true }, { ok: true }, { ok: true }]);
      expect(answers[3]).to.deep.equal({ ok: false, retryAt: new Date(nowMs - 10 * MINUTE + HOUR) });
    });

    it('starts afresh when the window rolls over', async () => {
      await takeTimes(fixedHour, 'conv-1', 3);
      nowMs += HOUR - 1;
      expect(await limiter.take(fixedHour, 'conv-1')).to.have.property('ok', false);
      nowMs += 1;
      expect(allowed(await takeTimes(fixedHour, 'conv-1', 4))).to.equal(3);
    });

    it('counts each key apart', async () => {
      await takeTimes(fixedHour, 'conv-1', 3);
      expect(await limiter.take(fixedHour, 'conv-2')).to.deep.equal({ ok: true });
    });
  });

  describe('#take with a sliding window', () => {
    it('refuses until the oldest counted attempt leaves the window', async () => {
      const first = nowMs;
      await limiter.take(slidingHour, 'conv-1');
      nowMs += 20 * MINUTE;
      await takeTimes(slidingHour, 'conv-1', 2);
      nowMs += 20 * MINUTE;
      expect(await limiter.take(slidingHour, 'conv-1')).to.deep.equal({ ok: false, retryAt: new Date(first + HOUR) });
      nowMs = first + HOUR - 1;
      expect(await limiter.take(slidingHour, 'conv-1')).to.have.property('ok', false);
      nowMs = first + HOUR;
      expect(await limiter.take(slidingHour, 'conv-1')).to.deep.equal({ ok: true });
      expect(await limiter.take(slidingHour, 'conv-1')).to.deep.equal({ ok: false, retryAt: new Date(first + 20 * MINUTE + HOUR) });
    });

    it('does not count refused attempts', async () => {
      await takeTimes(slidingHour, 'conv-1', 10);
      nowMs += HOUR;
      expect(allowed(await takeTimes(slidingHour, 'conv-1', 4))).to.equal(3);
    });
  });

  for (const rule of [fixedHour, slidingHour]) {
    context(`with two limiters on one store (${rule.window} window)`, () => {
      it('shares the count', async () => {
        const other = new RateLimiter(store, { clock });
        const answers = [await limiter.take(rule, 'conv-1'), await other.take(rule, 'conv-1'), await limiter.take(rule, 'conv-1')];
        expect(allowed(answers)).to.equal(3);
        expect(await other.take(rule, 'conv-1')).to.have.property('ok', false);
        expect(await limiter.take(rule, 'conv-1')).to.have.property('ok', false);
      });

      it('lets exactly the limit through 20 parallel attempts', async () => {
        const racing: LimitRule = { ...rule, limit: 7 };
        const other = new RateLimiter(store, { clock });
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : limiter).take(racing, 'conv-1')));
        expect(allowed(answers)).to.equal(7);
        expect(answers.filter((answer) => !answer.ok)).to.have.length(13);
      });
    });
  }

  describe('#takeAll', () => {
    it('stops at the first refusal without counting the later rules', async () => {
      const tight: LimitRule = { ...slidingHour, name: 'test.tight', limit: 1 };
      const wide: LimitRule = { ...fixedHour, name: 'test.wide', limit: 2 };
      expect(await limiter.takeAll([tight, wide], 'conv-1')).to.deep.equal({ ok: true });
      expect(await limiter.takeAll([tight, wide], 'conv-1')).to.have.property('ok', false);
      expect(allowed(await takeTimes(wide, 'conv-1', 2))).to.equal(1);
    });
  });

  describe('#take with a bad rule', () => {
    it('refuses a limit below 1', async () => {
      let error: unknown;
      await limiter.take({ ...fixedHour, limit: 0 }, 'conv-1').catch((caught: unknown) => (error = caught));
      expect(error).to.be.instanceOf(RangeError);
    });
  });
}

describe('RateLimiter', () => {
  context('over the embedded file store', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'rate-limit-'));
    });
    rateLimiterSuite((clock) => FileDocumentStore.open(dataDir, clock));
    // After the suite's own afterEach, which closes the store.
    afterEach(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });
  });

  context('over MongoDB (MONGODB_URI)', function () {
    const uri = process.env.MONGODB_URI ?? '';
    const run = `${process.pid}_${Date.now().toString(36)}`;
    let admin: MongoClient | undefined;
    let dbName = '';
    let n = 0;
    before(async function () {
      if (!uri) {
        console.warn('RateLimiter over MongoDB skipped: MONGODB_URI is not set');
        this.skip();
      }
      admin = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      await admin.connect();
    });
    beforeEach(() => {
      dbName = `ratelimittest_${run}_${++n}`;
    });
    rateLimiterSuite((clock) => MongoDocumentStore.connect(uri, dbName, clock));
    afterEach(async () => {
      await admin?.db(dbName).dropDatabase();
    });
    after(async () => {
      await admin?.close();
    });
  });
});
