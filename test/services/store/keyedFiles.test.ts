import { readdir, readFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Clock } from '../../../services/store/documentStore.ts';
import { KeyedFiles } from '../../../services/store/keyedFiles.ts';
import { filesUnder } from './storeChecks.ts';

const HOUR = 60 * 60_000;

/** Every file under `dir`, relative to it. */
async function namesUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).map((file) => path.relative(dir, file));
}

describe('KeyedFiles', () => {
  let dir: string;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let files: KeyedFiles;
  /** Test files hold `<expiry ms>` or `<expiry ms> <text>`; `never` never expires. */
  const expiresOf = (text: string): number | undefined => (text.startsWith('never') ? undefined : Number.parseInt(text, 10));

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 11, 2, 3, 0);
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'keyed-files-')), 'records');
    files = new KeyedFiles(dir, clock, expiresOf);
    files.open();
    await files.close();
  });
  afterEach(async () => {
    await files.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  describe('#replace and #read', () => {
    it('keeps each key in its own file, in one of 256 folders, named by a hash', async () => {
      files.replace('webchat/conversations/a/', 'one');
      files.replace('webchat/conversations/b/', 'two');
      const names = await namesUnder(dir);
      expect(names).to.have.length(2);
      for (const name of names) expect(name).to.match(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
      expect(files.read('webchat/conversations/a/')).to.equal('one');
      expect(files.read('webchat/conversations/b/')).to.equal('two');
      expect(files.read('webchat/conversations/c/')).to.equal(undefined);
    });

    it('puts no part of the key in a file name or folder', async () => {
      files.replace('../../outside', 'x');
      files.replace('secret-conversation-id', 'y');
      expect((await namesUnder(dir)).join('\n')).not.to.match(/outside|secret|\.\./);
      expect(await readdir(path.dirname(dir))).to.deep.equal(['records']);
    });

    it('writes in place: the same file, never smaller, padded to 1 KB steps, and reads back exactly the text', async () => {
      files.replace('k', `${'a'.repeat(3000)}.`);
      const file = path.join(dir, (await namesUnder(dir))[0]!);
      const before = await stat(file);
      expect(before.size).to.equal(3072);
      files.replace('k', 'short');
      const after = await stat(file);
      expect(after.ino, 'same file').to.equal(before.ino);
      expect(after.size).to.equal(3072);
      expect(files.read('k')).to.equal('short');
      files.replace('k', `${'é'.repeat(2000)}`);
      expect((await stat(file)).size).to.equal(4096);
      expect(files.read('k')).to.equal('é'.repeat(2000));
    });
  });

  describe('#append', () => {
    it('adds to the key’s file, creating it and its folders', async () => {
      files.append('k', 'a\n');
      files.append('k', 'b\n');
      expect(files.read('k')).to.equal('a\nb\n');
    });
  });

  describe('#remove', () => {
    it('deletes the key’s file and ignores a missing one', async () => {
      files.replace('k', 'x');
      files.remove('k');
      files.remove('missing');
      expect(files.read('k')).to.equal(undefined);
    });
  });

  describe('#sweep', () => {
    it('deletes the files expired by the injected clock, not by file times, and keeps the rest', async () => {
      files.replace('old', String(nowMs + HOUR));
      files.replace('young', String(nowMs + 3 * HOUR));
      files.replace('kept', 'never');
      nowMs += 2 * HOUR;
      expect(await files.sweep()).to.equal(1);
      expect(['old', 'young', 'kept'].map((key) => files.read(key) !== undefined)).to.deep.equal([false, true, true]);
    });

    it('deletes the temporary files an older version left between write and rename, and reads stay whole', async () => {
      files.replace('k', 'never whole');
      const file = path.join(dir, (await namesUnder(dir))[0]!);
      await writeFile(`${file}.tmp`, 'never ha');
      expect(files.read('k')).to.equal('never whole');
      expect(await files.sweep()).to.equal(1);
      expect(await namesUnder(dir)).to.have.length(1);
      expect((await readFile(file, 'utf8')).trimEnd()).to.equal('never whole');
    });

    it('keeps a file written again while the sweep ran', async () => {
      files.replace('k', String(nowMs + HOUR));
      nowMs += 2 * HOUR;
      const sweep = files.sweep();
      files.replace('k', String(nowMs + HOUR));
      expect(await sweep).to.equal(0);
      expect(files.read('k')).to.equal(String(nowMs + HOUR));
    });

    it('runs at open, then at most once an hour as the owner asks', async () => {
      files.replace('a', String(nowMs + HOUR));
      nowMs += 2 * HOUR;
      const reopened = new KeyedFiles(dir, clock, expiresOf);
      reopened.open();
      await reopened.close();
      expect(files.read('a')).to.equal(undefined);

      reopened.replace('b', String(nowMs + 30 * 60_000));
      nowMs += 59 * 60_000;
      reopened.sweepIfDue();
      await reopened.close();
      expect(files.read('b')).to.not.equal(undefined);
      nowMs += 60_000;
      reopened.sweepIfDue();
      await reopened.close();
      expect(files.read('b')).to.equal(undefined);
    });
  });
});
