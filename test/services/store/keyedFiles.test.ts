import { mkdir, readdir, readFile, readlink, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
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

/** What this process's open descriptors under `dir` point to (Linux /proc); a deleted file ends in " (deleted)". */
async function openUnder(dir: string): Promise<string[]> {
  const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith(`${dir}/`));
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
      await files.replace('webchat/conversations/a/', 'one');
      await files.replace('webchat/conversations/b/', 'two');
      const names = await namesUnder(dir);
      expect(names).to.have.length(2);
      for (const name of names) expect(name).to.match(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
      expect(files.read('webchat/conversations/a/')).to.equal('one');
      expect(files.read('webchat/conversations/b/')).to.equal('two');
      expect(files.read('webchat/conversations/c/')).to.equal(undefined);
    });

    it('puts no part of the key in a file name or folder', async () => {
      await files.replace('../../outside', 'x');
      await files.replace('secret-conversation-id', 'y');
      expect((await namesUnder(dir)).join('\n')).not.to.match(/outside|secret|\.\./);
      expect(await readdir(path.dirname(dir))).to.deep.equal(['records']);
    });

    it('writes in place: the same file, never smaller, padded to 1 KB steps, and reads back exactly the text', async () => {
      await files.replace('k', `${'a'.repeat(3000)}.`);
      const file = path.join(dir, (await namesUnder(dir))[0]!);
      const before = await stat(file);
      expect(before.size).to.equal(3072);
      await files.replace('k', 'short');
      const after = await stat(file);
      expect(after.ino, 'same file').to.equal(before.ino);
      expect(after.size).to.equal(3072);
      expect(files.read('k')).to.equal('short');
      await files.replace('k', `${'é'.repeat(2000)}`);
      expect((await stat(file)).size).to.equal(4096);
      expect(files.read('k')).to.equal('é'.repeat(2000));
    });
  });

  describe('memory of recent texts', () => {
    /** Writes `text` into the key's file behind the owner's back (as only another process could). */
    const tamper = async (owner: KeyedFiles, key: string, text: string): Promise<void> => {
      const before = new Set(await namesUnder(dir));
      const probe = new KeyedFiles(dir, clock, expiresOf, 0);
      await probe.replace(key, text);
      expect(new Set(await namesUnder(dir)), 'no new file').to.deep.equal(before);
      void owner;
    };

    it('answers a read of a key it wrote or read from memory, and still writes every change to the file', async () => {
      await files.replace('k', 'first');
      await tamper(files, 'k', 'changed on disk');
      expect(files.read('k'), 'remembered').to.equal('first');
      await files.replace('k', 'second');
      expect(new KeyedFiles(dir, clock, expiresOf).read('k'), 'on disk').to.equal('second');
    });

    it('keeps at most its budget of characters: the least recently used keys are read from their files again', async () => {
      const small = new KeyedFiles(dir, clock, expiresOf, 1000);
      await small.replace('a', 'a'.repeat(300));
      await small.replace('b', 'b'.repeat(300));
      expect(small.read('a')).to.have.length(300);
      await small.replace('c', 'c'.repeat(300));
      await tamper(small, 'a', 'a on disk');
      await tamper(small, 'b', 'b on disk');
      expect(small.read('a'), 'used recently: remembered').to.equal('a'.repeat(300));
      expect(small.read('b'), 'least recently used: read again').to.equal('b on disk');
    });

    it('remembers that a key has no file, until it is written', async () => {
      expect(files.read('new')).to.equal(undefined);
      await files.append('new', 'x\n');
      expect(files.read('new')).to.equal('x\n');
      await files.remove('new');
      expect(files.read('new')).to.equal(undefined);
      expect(await namesUnder(dir)).to.deep.equal([]);
    });
  });

  describe('changes on their way to the files', () => {
    it('are read at once, and are in the file when their promise resolves', async () => {
      const landed = files.replace('k', 'now');
      expect(files.read('k')).to.equal('now');
      await landed;
      expect(new KeyedFiles(dir, clock, expiresOf).read('k')).to.equal('now');
    });

    it('land in order: the file ends with the last of several changes made at once', async () => {
      const changes = [files.replace('k', 'one'), files.append('k', ' two'), files.remove('k'), files.replace('k', 'three'), files.append('k', ' four')];
      expect(files.read('k')).to.equal('three four');
      await Promise.all(changes);
      expect(new KeyedFiles(dir, clock, expiresOf).read('k')).to.equal('three four');
      expect(await namesUnder(dir)).to.have.length(1);
    });

    it('reject when the write fails, and reads go back to the file', async () => {
      await files.replace('k', 'stored');
      const [name] = await namesUnder(dir);
      const file = path.join(dir, name!);
      // Closed first: nothing else may delete these files while their descriptors are kept open.
      await files.close();
      await rm(file);
      await mkdir(file);
      const error = await files.replace('k', 'lost').catch((failure: unknown) => failure);
      expect((error as NodeJS.ErrnoException).code).to.equal('EISDIR');
      await rm(file, { recursive: true });
      await writeFile(file, 'on disk');
      expect(files.read('k')).to.equal('on disk');
    });

    it('are waited for by close', async () => {
      void files.replace('k', 'closing');
      await files.close();
      expect((await readFile(path.join(dir, (await namesUnder(dir))[0]!), 'utf8')).trimEnd()).to.equal('closing');
    });
  });

  describe('files kept open', () => {
    it('writes a file again through the descriptor it was created with, keeps at most 256 open, and closes them all at close', async () => {
      const keys = Array.from({ length: 300 }, (_, index) => `conversation-${index}`);
      for (const key of keys) await files.replace(key, `${key} first`);
      expect(await openUnder(dir)).to.have.length(256);
      for (const key of keys) await files.replace(key, `${key} second`);
      const open = await openUnder(dir);
      expect(open).to.have.length(256);
      expect(open.filter((target) => target.endsWith('(deleted)'))).to.deep.equal([]);
      const fresh = new KeyedFiles(dir, clock, expiresOf);
      for (const key of keys) expect(fresh.read(key)).to.equal(`${key} second`);
      await files.close();
      expect(await openUnder(dir)).to.deep.equal([]);
    });

    it('closes a file before removing it: the key written again lands in a new file', async () => {
      await files.replace('k', 'one');
      await files.replace('k', 'two');
      expect(await openUnder(dir)).to.have.length(1);
      await files.remove('k');
      expect(await openUnder(dir)).to.deep.equal([]);
      await files.replace('k', 'three');
      await files.replace('k', 'four');
      expect(new KeyedFiles(dir, clock, expiresOf).read('k')).to.equal('four');
    });

    it('closes a file before the sweep deletes it: the key written again lands in a new file', async () => {
      await files.replace('old', String(nowMs + HOUR));
      await files.replace('old', `${nowMs + HOUR} written again`);
      nowMs += 2 * HOUR;
      expect(await files.sweep()).to.equal(1);
      expect(await openUnder(dir)).to.deep.equal([]);
      await files.replace('old', 'never');
      await files.replace('old', 'never again');
      expect(new KeyedFiles(dir, clock, expiresOf).read('old')).to.equal('never again');
    });
  });

  describe('#append', () => {
    it('adds to the key’s file, creating it and its folders', async () => {
      await files.append('k', 'a\n');
      await files.append('k', 'b\n');
      expect(files.read('k')).to.equal('a\nb\n');
    });
  });

  describe('#remove', () => {
    it('deletes the key’s file and ignores a missing one', async () => {
      await files.replace('k', 'x');
      await files.remove('k');
      await files.remove('missing');
      expect(files.read('k')).to.equal(undefined);
    });
  });

  describe('#sweep', () => {
    it('deletes the files expired by the injected clock, not by file times, and keeps the rest', async () => {
      await files.replace('old', String(nowMs + HOUR));
      await files.replace('young', String(nowMs + 3 * HOUR));
      await files.replace('kept', 'never');
      nowMs += 2 * HOUR;
      expect(await files.sweep()).to.equal(1);
      expect(['old', 'young', 'kept'].map((key) => files.read(key) !== undefined)).to.deep.equal([false, true, true]);
    });

    it('deletes the temporary files an older version left between write and rename, and reads stay whole', async () => {
      await files.replace('k', 'never whole');
      const file = path.join(dir, (await namesUnder(dir))[0]!);
      await writeFile(`${file}.tmp`, 'never ha');
      expect(files.read('k')).to.equal('never whole');
      expect(await files.sweep()).to.equal(1);
      expect(await namesUnder(dir)).to.have.length(1);
      expect((await readFile(file, 'utf8')).trimEnd()).to.equal('never whole');
    });

    it('keeps a file written again while the sweep ran', async () => {
      await files.replace('k', String(nowMs + HOUR));
      nowMs += 2 * HOUR;
      const sweep = files.sweep();
      await files.replace('k', String(nowMs + HOUR));
      expect(await sweep).to.equal(0);
      expect(files.read('k')).to.equal(String(nowMs + HOUR));
    });

    it('runs at open, then at most once an hour as the owner asks', async () => {
      await files.replace('a', String(nowMs + HOUR));
      nowMs += 2 * HOUR;
      // A folder has one owner at a time (one process per DATA_DIR): the first one is done with it.
      const reopened = new KeyedFiles(dir, clock, expiresOf);
      reopened.open();
      await reopened.close();
      expect(reopened.read('a')).to.equal(undefined);

      await reopened.replace('b', String(nowMs + 30 * 60_000));
      nowMs += 59 * 60_000;
      reopened.sweepIfDue();
      await reopened.close();
      expect(reopened.read('b')).to.not.equal(undefined);
      nowMs += 60_000;
      reopened.sweepIfDue();
      await reopened.close();
      expect(reopened.read('b')).to.equal(undefined);
      expect(await namesUnder(dir)).to.deep.equal([]);
    });
  });
});
