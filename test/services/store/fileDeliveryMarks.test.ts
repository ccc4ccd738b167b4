import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDeliveryMarks } from '../../../services/store/fileDeliveryMarks.ts';
import { collectionsIn, filesUnder } from './storeChecks.ts';

const HOUR = 60 * 60_000;

/** The embedded mode's marks (the middleware's behaviour over them is in test/bot/middleware/). */
describe('FileDeliveryMarks', () => {
  let dir: string;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let marks: FileDeliveryMarks;

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 11, 2, 3, 0);
    dir = await mkdtemp(path.join(tmpdir(), 'delivery-marks-'));
    marks = new FileDeliveryMarks(dir, clock);
    await marks.open();
    await marks.close();
  });
  afterEach(async () => {
    await marks.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends a finished delivery to its conversation’s file, one line of key and time, no conversation id', async () => {
    expect(await marks.claim('test\nconv-1', 'k1')).to.equal(true);
    await marks.done('test\nconv-1', 'k1');
    expect(await marks.claim('test\nconv-1', 'k2')).to.equal(true);
    await marks.done('test\nconv-1', 'k2');
    const [file, ...others] = await filesUnder(dir);
    expect(others).to.deep.equal([]);
    // Files are padded with spaces (KeyedFiles writes in place).
    expect((await readFile(file!, 'utf8')).trimEnd()).to.equal(`k1 ${nowMs}\nk2 ${nowMs}`);
  });

  it('remembers a finished delivery for a day by the injected clock', async () => {
    await marks.claim('c', 'k');
    await marks.done('c', 'k');
    nowMs += 24 * HOUR - 1;
    expect(await marks.claim('c', 'k')).to.equal(false);
    nowMs += 1;
    expect(await marks.claim('c', 'k')).to.equal(true);
  });

  it('refuses a second claim while the first turn runs, and takes a claim again after a failed turn', async () => {
    expect(await marks.claim('c', 'k')).to.equal(true);
    expect(await marks.claim('c', 'k')).to.equal(false);
    await marks.failed('c', 'k');
    expect(await marks.claim('c', 'k')).to.equal(true);
  });

  it('forgets running claims with the process: a new instance on the folder takes them', async () => {
    expect(await marks.claim('c', 'k')).to.equal(true);
    const restarted = new FileDeliveryMarks(dir, clock);
    await restarted.open();
    expect(await restarted.claim('c', 'k')).to.equal(true);
    await restarted.close();
  });

  it('deletes a conversation’s file a day after its last mark, when swept at open', async () => {
    for (const conversation of ['old', 'recent']) {
      await marks.claim(conversation, 'k');
      await marks.done(conversation, 'k');
      nowMs += 2 * HOUR;
    }
    nowMs += 22 * HOUR - 1;
    const reopened = new FileDeliveryMarks(dir, clock);
    await reopened.open();
    await reopened.close();
    expect(await filesUnder(dir)).to.have.length(1);
    expect(await reopened.claim('recent', 'k')).to.equal(false);
  });

  it('rewrites a long-lived conversation’s file without its expired marks', async () => {
    for (let n = 0; n < 70; n += 1) {
      await marks.claim('c', `old-${n}`);
      await marks.done('c', `old-${n}`);
    }
    nowMs += 25 * HOUR;
    await marks.claim('c', 'recent');
    await marks.done('c', 'recent');
    expect(await marks.claim('c', 'new')).to.equal(true);
    const [file] = await filesUnder(dir);
    expect((await readFile(file!, 'utf8')).trimEnd()).to.equal(`recent ${nowMs}`);
  });

  it('holds no turn once none runs, and no more recent marks than its budget, however many conversations', async () => {
    const bounded = new FileDeliveryMarks(dir, clock, 5000);
    for (let n = 0; n < 300; n += 1) {
      await bounded.claim(`c${n}`, `k${n}`);
      await bounded.done(`c${n}`, `k${n}`);
    }
    // Only KeyedFiles' memory of recent files (at least 100 characters an entry, 5,000 in all) and the descriptors
    // of the 256 files written last are left.
    const [remembered, open, ...others] = collectionsIn(bounded) as Array<Map<string, unknown>>;
    expect(others).to.deep.equal([]);
    expect(remembered!.size).to.be.within(1, 50);
    expect(open!.size).to.equal(256);
    expect(await filesUnder(dir)).to.have.length(300);
    expect(await new FileDeliveryMarks(dir, clock).claim('c0', 'k0'), 'marked on disk').to.equal(false);
  });
});
