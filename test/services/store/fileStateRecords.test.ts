import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileStateRecords } from '../../../services/store/fileStateRecords.ts';
import type { StateRecord } from '../../../services/store/stateRecords.ts';
import { collectionsIn, filesUnder } from './storeChecks.ts';

const DAY = 24 * 60 * 60_000;

/** What the BotStateStorage contract does not see: the files themselves, expiry sweeps, memory. */
describe('FileStateRecords', () => {
  let dir: string;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let records: FileStateRecords;

  const record = (key: string, days: number | undefined, state = '{"n":1}'): StateRecord => ({
    key,
    state,
    eTag: `e-${key}`,
    updatedAt: clock(),
    ...(days === undefined ? {} : { expiresAt: new Date(nowMs + days * DAY) }),
  });

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 11, 2, 3, 0);
    dir = await mkdtemp(path.join(tmpdir(), 'state-records-'));
    records = new FileStateRecords(dir, clock);
    await records.open();
  });
  afterEach(async () => {
    await records.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one JSON file per key holding the key, the state as a string, the eTag and the times', async () => {
    await records.write(record('webchat/conversations/c1/', 7, '{"dialogState":{"stack":[]}}'));
    const [file, ...others] = await filesUnder(dir);
    expect(others).to.deep.equal([]);
    expect(JSON.parse(await readFile(file!, 'utf8'))).to.deep.equal({
      key: 'webchat/conversations/c1/',
      state: '{"dialogState":{"stack":[]}}',
      eTag: 'e-webchat/conversations/c1/',
      updatedAt: nowMs,
      expiresAt: nowMs + 7 * DAY,
    });
  });

  it('reads a file that is not a record (cut short, edited by hand) as no record, and a write replaces it', async () => {
    await records.write(record('k', 7));
    const [file] = await filesUnder(dir);
    await writeFile(file!, '{"key":"k","sta');
    // Read as after a restart (while it runs, the process remembers what it wrote: it is the folder's only writer).
    const restarted = new FileStateRecords(dir, clock);
    expect(await restarted.read(['k'])).to.deep.equal([]);
    expect(await restarted.write(record('k', 7), 'whatever')).to.equal(true);
    expect(await restarted.read(['k'])).to.have.length(1);
    const valid = { key: 'k', state: '{}', eTag: 'e', updatedAt: nowMs, expiresAt: null };
    for (const text of ['null', '[]', '"k"', JSON.stringify({ ...valid, state: {} }), JSON.stringify({ ...valid, updatedAt: 'today' }), JSON.stringify({ ...valid, expiresAt: '2026' }), JSON.stringify({ ...valid, eTag: undefined })]) {
      await writeFile(file!, text);
      expect(await new FileStateRecords(dir, clock).read(['k']), text).to.deep.equal([]);
    }
    await writeFile(file!, JSON.stringify(valid));
    expect(await new FileStateRecords(dir, clock).read(['k']), 'the control').to.have.length(1);
  });

  it('treats an expired record as missing: not read, and a write with any eTag inserts', async () => {
    await records.write(record('k', 1));
    nowMs += DAY;
    expect(await records.read(['k'])).to.deep.equal([]);
    expect(await records.write(record('k', 1), 'not-the-stored-one')).to.equal(true);
  });

  it('deletes the files of expired records when swept at open, and keeps the others', async () => {
    await records.write(record('webchat/conversations/old/', 7));
    await records.write(record('webchat/users/u1/', 365));
    await records.write(record('other', undefined));
    nowMs += 8 * DAY;
    await records.close();
    const reopened = new FileStateRecords(dir, clock);
    await reopened.open();
    await reopened.close();
    expect(await filesUnder(dir)).to.have.length(2);
    expect((await reopened.read(['webchat/conversations/old/', 'webchat/users/u1/', 'other'])).map((found) => found.key)).to.deep.equal([
      'webchat/users/u1/',
      'other',
    ]);
  });

  it('sweeps again as writes come, once an hour has passed', async () => {
    await records.close(); // the sweep at open has finished
    await records.write(record('a', 1));
    nowMs += DAY;
    await records.write(record('b', 1));
    await records.close();
    expect(await filesUnder(dir)).to.have.length(1);
  });

  it('keeps no more recent records in memory than its budget, however many keys', async () => {
    const bounded = new FileStateRecords(dir, clock, 5000);
    const keys = Array.from({ length: 500 }, (_, n) => `webchat/conversations/c${n}/`);
    for (const key of keys) await bounded.write(record(key, 7));
    expect(await bounded.read(keys)).to.have.length(500);
    // KeyedFiles' memory of recent files (at least 100 characters an entry, 5,000 in all) and the descriptors of the
    // 256 files written last.
    const [remembered, open, ...others] = collectionsIn(bounded) as Array<Map<string, unknown>>;
    expect(others).to.deep.equal([]);
    expect(remembered!.size).to.be.within(1, 50);
    expect(open!.size).to.equal(256);
    expect(await filesUnder(dir)).to.have.length(500);
  });
});
