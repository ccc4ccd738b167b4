import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { DependencyError } from '../../../services/errors.ts';
import { systemClock } from '../../../services/store/documentStore.ts';
import { MongoDocumentStore } from '../../../services/store/mongoDocumentStore.ts';
import { documentStoreContract } from './documentStore.contract.ts';
import { rejectionOf } from './storeChecks.ts';

// Gated like botbuilder's own storage tests: no MongoDB server can be installed on the dev machines.
const uri = process.env.MONGODB_URI ?? '';

describe('MongoDocumentStore', () => {
  context('against the server in MONGODB_URI', function () {
    const run = `${process.pid}_${Date.now().toString(36)}`;
    let admin: MongoClient | undefined;
    let dbName = '';
    let n = 0;

    before(async function () {
      if (!uri) {
        console.warn('MongoDB contract skipped: MONGODB_URI is not set');
        this.skip();
      }
      admin = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      await admin.connect();
    });

    beforeEach(() => {
      dbName = `storetest_${run}_${++n}`;
    });

    afterEach(async () => {
      await admin?.db(dbName).dropDatabase();
    });

    after(async () => {
      await admin?.close();
    });

    documentStoreContract((clock) => MongoDocumentStore.connect(uri, dbName, clock));
  });

  describe('.connect', () => {
    context('when no server answers at the address', () => {
      it('fails within the server selection timeout with a DependencyError', async () => {
        const closedPort = await freePort();
        const started = Date.now();
        const error = await rejectionOf(
          MongoDocumentStore.connect(`mongodb://127.0.0.1:${closedPort}/`, 'unused', systemClock, { serverSelectionTimeoutMS: 300 }),
        );
        expect(error).to.be.instanceOf(DependencyError);
        expect((error as DependencyError).dependency).to.equal('store');
        expect((error as Error).message).to.match(/^cannot reach MongoDB/);
        expect(Date.now() - started).to.be.below(5000);
      });
    });
  });
});

/** A port nothing listens on: bound to 0, read, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
