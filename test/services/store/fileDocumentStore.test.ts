import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DependencyError } from '../../../services/errors.ts';
import type { Doc } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { documentStoreContract } from './documentStore.contract.ts';
import { rejectionOf } from './storeChecks.ts';

type Thing = Doc & Record<string, unknown>;

describe('FileDocumentStore', () => {
  let dataDir: string;
  const opened: FileDocumentStore[] = [];

  const open = async (): Promise<FileDocumentStore> => {
    const store = await FileDocumentStore.open(dataDir);
    opened.push(store);
    return store;
  };
  const lockFile = (): string => path.join(dataDir, 'store', 'LOCK');
  const writeLock = async (content: string): Promise<void> => {
    await mkdir(path.join(dataDir, 'store'), { recursive: true });
    await writeFile(lockFile(), content);
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'file-store-'));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  documentStoreContract((clock) => FileDocumentStore.open(dataDir, clock));

  describe('.open', () => {
    it('writes its pid to DATA_DIR/store/LOCK and removes the lock on close', async () => {
      const store = await open();
      expect(await readFile(lockFile(), 'utf8')).to.equal(String(process.pid));
      await store.close();
      expect(await stat(lockFile()).catch(() => null)).to.equal(null);
    });

    context('when this process already has the folder open', () => {
      it('refuses with a DependencyError that says to share the one store', async () => {
        await open();
        const error = await rejectionOf(FileDocumentStore.open(dataDir));
        expect(error).to.be.instanceOf(DependencyError);
        expect((error as DependencyError).dependency).to.equal('store');
        expect((error as Error).message).to.match(/already open in this process/);
      });

      it('lets only one of two racing opens through', async () => {
        const outcomes = await Promise.allSettled([FileDocumentStore.open(dataDir), FileDocumentStore.open(dataDir)]);
        for (const outcome of outcomes) if (outcome.status === 'fulfilled') opened.push(outcome.value);
        expect(outcomes.map((outcome) => outcome.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      });
    });

    context('when another live process holds the lock', () => {
      it('refuses with a DependencyError naming the process and the way out', async () => {
        await writeLock(String(process.ppid));
        const error = await rejectionOf(FileDocumentStore.open(dataDir));
        expect(error).to.be.instanceOf(DependencyError);
        expect((error as Error).message)
          .to.include(`in use by process ${process.ppid}`)
          .and.include('one process per DATA_DIR')
          .and.include('MONGODB_URI');
        expect(await readFile(lockFile(), 'utf8')).to.equal(String(process.ppid));
      });
    });

    context('when another process is creating the lock right now', () => {
      it('refuses rather than take a lock that is still empty', async () => {
        await writeLock('');
        expect(await rejectionOf(FileDocumentStore.open(dataDir))).to.be.instanceOf(DependencyError);
      });
    });

    context('when the lock is stale', () => {
      it('takes over a lock left by a process that has exited', async () => {
        const child = spawn(process.execPath, ['-e', '']);
        const [code] = await once(child, 'exit');
        expect(code).to.equal(0);
        await writeLock(String(child.pid));
        await open();
        expect(await readFile(lockFile(), 'utf8')).to.equal(String(process.pid));
      });

      it('takes over a lock naming this process, as after a restart in a container', async () => {
        await writeLock(String(process.pid));
        await open();
        expect(await readFile(lockFile(), 'utf8')).to.equal(String(process.pid));
      });
    });
  });

  describe('expiry', () => {
    const minute = 60_000;
    const past = Date.parse('2025-04-01T09:00:00Z');

    it('is decided by the store\'s clock, also when that clock is behind the wall clock', async () => {
      let now = past;
      const store = await FileDocumentStore.open(dataDir, () => new Date(now));
      opened.push(store);
      const tokens = await store.collection<Thing>('tokens', { ttlField: 'expiresAt' });
      await tokens.insertOne({ _id: 'live', expiresAt: new Date(past + 10 * minute) });
      expect(await tokens.findOne({ _id: 'live' })).to.include({ _id: 'live' });
      now = past + 10 * minute;
      expect(await tokens.findOne({ _id: 'live' })).to.equal(null);
    });

    it('removes expired documents from the file by the store\'s clock', async () => {
      let now = past;
      const first = await FileDocumentStore.open(dataDir, () => new Date(now));
      const tokens = await first.collection<Thing>('tokens', { ttlField: 'expiresAt' });
      await tokens.insertOne({ _id: 'short', expiresAt: new Date(past + minute) });
      await tokens.insertOne({ _id: 'long', expiresAt: new Date(past + 60 * minute) });
      now = past + 2 * minute;
      await tokens.insertOne({ _id: 'later', expiresAt: new Date(past + 60 * minute) });
      await first.close();
      const file = await readFile(path.join(dataDir, 'store', 'tokens.db'), 'utf8');
      expect(file).not.to.include('"short"');
      expect(file).to.include('"long"').and.to.include('"later"');
    });
  });

  describe('#close', () => {
    it('leaves the data in DATA_DIR/store/<collection>.db for the next process', async () => {
      const store = await open();
      const notes = await store.collection<Thing>('notes');
      await notes.insertOne({ _id: 'n1', text: '証明書', at: new Date(1_700_000_000_000) });
      await store.close();
      expect(await readFile(path.join(dataDir, 'store', 'notes.db'), 'utf8')).to.include('証明書');
      const reopened = await (await open()).collection<Thing>('notes');
      expect(await reopened.findOne({ _id: 'n1' })).to.deep.equal({ _id: 'n1', text: '証明書', at: new Date(1_700_000_000_000) });
    });
  });
});
