import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { BotStateStorage } from '../../../services/store/botStateStorage.ts';
import { DocumentStateRecords } from '../../../services/store/documentStateRecords.ts';
import type { Doc, DocumentStore } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { FileStateRecords } from '../../../services/store/fileStateRecords.ts';
import { MongoDocumentStore } from '../../../services/store/mongoDocumentStore.ts';
import { botStateStorageContract } from './botStateStorage.contract.ts';

type RawState = Doc & { state: string; eTag: string; updatedAt: Date; expiresAt?: Date };

describe('BotStateStorage', () => {
  let dataDir: string;
  let stores: DocumentStore[];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bot-state-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  context('on files, one per key (the embedded mode)', () => {
    botStateStorageContract(async (clock) => new FileStateRecords(path.join(dataDir, 'state'), clock));
  });

  context("in a document store's botState collection (MongoDB; here the embedded store stands in)", () => {
    let store: FileDocumentStore | undefined;
    botStateStorageContract(async (clock) => {
      // One store per test, whichever records are opened on it: the embedded store takes its folder's lock.
      store ??= await FileDocumentStore.open(dataDir, clock);
      if (!stores.includes(store)) stores.push(store);
      return new DocumentStateRecords(store);
    });
    afterEach(() => {
      store = undefined;
    });

    it('keeps the documents MongoDB mode has always kept, under their keys, with a TTL field', async () => {
      const now = new Date('2025-04-01T00:00:00Z');
      const documents = await FileDocumentStore.open(dataDir, () => now);
      stores.push(documents);
      await new BotStateStorage(documents, () => now).write({ 'webchat/conversations/c1/': { step: 1 } });
      const raw = await (await documents.collection<RawState>('botState')).findOne({ _id: 'webchat/conversations/c1/' });
      expect(raw).to.include({ state: '{"step":1}' });
      expect(raw?.updatedAt).to.deep.equal(now);
      expect(raw?.expiresAt).to.deep.equal(new Date(now.getTime() + 7 * 24 * 60 * 60_000));
    });
  });

  context('in MongoDB (MONGODB_URI)', function () {
    // Gated like botbuilder's own storage tests: no MongoDB server can be installed on the dev machines.
    const uri = process.env.MONGODB_URI ?? '';
    const run = `${process.pid}_${Date.now().toString(36)}`;
    let dbName = '';
    let n = 0;
    before(function () {
      if (!uri) {
        console.warn('BotStateStorage on MongoDB skipped: MONGODB_URI is not set');
        this.skip();
      }
    });
    beforeEach(() => {
      dbName = `statetest_${run}_${++n}`;
    });
    afterEach(async () => {
      const admin = new MongoClient(uri);
      await admin.db(dbName).dropDatabase();
      await admin.close();
    });
    botStateStorageContract(async (clock) => {
      const store = await MongoDocumentStore.connect(uri, dbName, clock);
      stores.push(store);
      return new DocumentStateRecords(store);
    });
  });
});
