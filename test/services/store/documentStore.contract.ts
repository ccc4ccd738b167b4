import { expect } from 'chai';
import { DependencyError, DuplicateKeyError } from '../../../services/errors.ts';
import type { Clock, Collection, Doc, DocumentStore, Filter } from '../../../services/store/documentStore.ts';
import { rejectionOf } from './storeChecks.ts';

type Thing = Doc & Record<string, unknown>;

/**
 * The DocumentStore contract, run against every adapter.
 *
 * `make(clock)` opens a store on the current test's place (a folder or database the caller's
 * `beforeEach` made fresh). Called again in the same test after `close`, it must reopen the same
 * place: that is how the suite checks durability. The suite closes every store it opened.
 */
export function documentStoreContract(make: (clock: Clock) => Promise<DocumentStore>): void {
  describe('DocumentStore contract', () => {
    let nowMs: number;
    const clock: Clock = () => new Date(nowMs);
    const opened: DocumentStore[] = [];
    let store: DocumentStore;
    let things: Collection<Thing>;

    const open = async (): Promise<DocumentStore> => {
      const made = await make(clock);
      opened.push(made);
      return made;
    };

    beforeEach(async () => {
      // Real time as the start, as MongoDB's TTL monitor removes expired documents by the wall clock.
      nowMs = Date.now();
      store = await open();
      things = await store.collection<Thing>('things');
    });

    afterEach(async () => {
      for (const made of opened.splice(0)) await made.close();
    });

    describe('#insertOne and #findOne', () => {
      it('returns the stored document with its nested values, arrays and dates', async () => {
        const doc = { _id: 'a', n: 1, tags: ['x', 'y'], profile: { tenant: 'u1', name: '山田' }, at: new Date(1_700_000_000_000) };
        await things.insertOne(doc);
        const found = await things.findOne({ _id: 'a' });
        expect(found).to.deep.equal(doc);
        expect(found?.at).to.be.instanceOf(Date);
      });

      it('returns null when nothing matches', async () => {
        expect(await things.findOne({ _id: 'missing' })).to.equal(null);
      });

      it('rejects a second document with the same _id with a DuplicateKeyError', async () => {
        await things.insertOne({ _id: 'a', n: 1 });
        expect(await rejectionOf(things.insertOne({ _id: 'a', n: 2 }))).to.be.instanceOf(DuplicateKeyError);
        expect(await things.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 1 });
      });
    });

    describe('#find', () => {
      beforeEach(async () => {
        await things.insertOne({ _id: 'a', n: 1, kind: 'x', profile: { tenant: 'u1' } });
        await things.insertOne({ _id: 'b', n: 2, kind: 'y', profile: { tenant: 'u2' } });
        await things.insertOne({ _id: 'c', n: 3, kind: 'x', profile: { tenant: 'u1' }, flag: null });
        await things.insertOne({ _id: 'd', n: 4 });
      });

      const cases: Array<[string, Filter, string[]]> = [
        ['an empty filter matches every document', {}, ['a', 'b', 'c', 'd']],
        ['a plain value matches by equality', { kind: 'x' }, ['a', 'c']],
        ['$eq matches by equality', { kind: { $eq: 'y' } }, ['b']],
        ['$gt and $lt bound a range', { n: { $gt: 1, $lt: 4 } }, ['b', 'c']],
        ['$gte and $lte include the bounds', { n: { $gte: 2, $lte: 3 } }, ['b', 'c']],
        ['$in matches any listed value', { _id: { $in: ['a', 'd', 'zz'] } }, ['a', 'd']],
        ['$nin excludes the listed values, and matches a missing field', { kind: { $nin: ['x'] } }, ['b', 'd']],
        ['$ne also matches documents without the field', { kind: { $ne: 'x' } }, ['b', 'd']],
        ['$exists true matches a field set to null', { flag: { $exists: true } }, ['c']],
        ['$exists false matches only documents without the field', { kind: { $exists: false } }, ['d']],
        ['a dotted path reaches into nested documents', { 'profile.tenant': 'u1' }, ['a', 'c']],
        ['$or matches either branch', { $or: [{ kind: 'y' }, { n: 4 }] }, ['b', 'd']],
        ['$and requires every branch', { $and: [{ kind: 'x' }, { n: { $gt: 1 } }] }, ['c']],
      ];
      for (const [sentence, filter, ids] of cases) {
        it(sentence, async () => {
          expect(idsOf(await things.find(filter)).sort()).to.deep.equal(ids);
        });
      }

      it('sorts ascending and descending, then limits', async () => {
        expect(idsOf(await things.find({}, { sort: { n: -1 }, limit: 2 }))).to.deep.equal(['d', 'c']);
        expect(idsOf(await things.find({ kind: 'x' }, { sort: { n: 1 } }))).to.deep.equal(['a', 'c']);
      });

      it('sorts by a second key when the first one ties', async () => {
        expect(idsOf(await things.find({ kind: { $exists: true } }, { sort: { kind: 1, n: -1 } }))).to.deep.equal(['c', 'a', 'b']);
      });
    });

    describe('#updateOne', () => {
      beforeEach(async () => {
        await things.insertOne({ _id: 'a', n: 1, tags: ['x'], profile: { tenant: 'u1' }, note: 'temp' });
      });

      it('applies $set, including on a dotted path', async () => {
        const result = await things.updateOne({ _id: 'a' }, { $set: { kind: 'k', 'profile.name': 'Sato' } });
        expect(result).to.deep.equal({ matched: 1, upserted: false });
        expect(await things.findOne({ _id: 'a' })).to.include({ kind: 'k' }).and.deep.include({ profile: { tenant: 'u1', name: 'Sato' } });
      });

      it('applies $inc, $push and $unset together', async () => {
        await things.updateOne({ _id: 'a' }, { $inc: { n: 5, fresh: 2 }, $push: { tags: 'y' }, $unset: { note: '' } });
        expect(await things.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 6, fresh: 2, tags: ['x', 'y'], profile: { tenant: 'u1' } });
      });

      it('reports no match and changes nothing when the filter misses', async () => {
        expect(await things.updateOne({ _id: 'zz' }, { $set: { n: 9 } })).to.deep.equal({ matched: 0, upserted: false });
        expect(await things.count({})).to.equal(1);
      });

      it('changes at most one document when several match', async () => {
        await things.insertOne({ _id: 'b', n: 1 });
        expect((await things.updateOne({ n: 1 }, { $set: { n: 2 } })).matched).to.equal(1);
        expect(await things.count({ n: 2 })).to.equal(1);
      });

      context('with upsert', () => {
        it('inserts from the filter equalities, then applies the update and $setOnInsert', async () => {
          const result = await things.updateOne(
            { _id: 'new', tenant: 'u1', 'profile.kind': 'student', n: { $gt: 100 } },
            { $inc: { n: 1 }, $set: { seen: true }, $setOnInsert: { createdBy: 'bot' } },
            { upsert: true },
          );
          expect(result).to.deep.equal({ matched: 0, upserted: true });
          expect(await things.findOne({ _id: 'new' })).to.deep.equal({
            _id: 'new', tenant: 'u1', profile: { kind: 'student' }, n: 1, seen: true, createdBy: 'bot',
          });
        });

        it('updates an existing document and leaves $setOnInsert unapplied', async () => {
          const result = await things.updateOne({ _id: 'a' }, { $inc: { n: 1 }, $setOnInsert: { note: 'other', createdBy: 'bot' } }, { upsert: true });
          expect(result).to.deep.equal({ matched: 1, upserted: false });
          expect(await things.findOne({ _id: 'a' })).to.include({ n: 2, note: 'temp' }).and.not.have.property('createdBy');
        });

        it('leaves an existing document whole when the update is only $setOnInsert', async () => {
          const before = await things.findOne({ _id: 'a' });
          expect(await things.updateOne({ _id: 'a' }, { $setOnInsert: { n: 100 } }, { upsert: true })).to.deep.equal({ matched: 1, upserted: false });
          expect(await things.findOne({ _id: 'a' })).to.deep.equal(before);
        });

        it('gives the inserted document a string _id when the filter names none', async () => {
          await things.updateOne({ code: 'q1' }, { $set: { n: 7 } }, { upsert: true });
          const inserted = await things.findOne({ code: 'q1' });
          expect(inserted?._id).to.be.a('string');
          expect(inserted).to.include({ code: 'q1', n: 7 });
        });
      });
    });

    describe('unique indexes', () => {
      let people: Collection<Thing>;
      beforeEach(async () => {
        people = await store.collection<Thing>('people', {
          indexes: [{ fields: { email: 1 }, unique: true }, { fields: { tenant: 1, loginId: 1 }, unique: true }, { fields: { kind: 1 } }],
        });
        await people.insertOne({ _id: 'p1', email: 'a@example.jp', tenant: 'u1', loginId: 's1', kind: 'student' });
      });

      it('rejects an insert that repeats a unique value with a DuplicateKeyError', async () => {
        const error = await rejectionOf(people.insertOne({ _id: 'p2', email: 'a@example.jp', tenant: 'u2', loginId: 's2' }));
        expect(error).to.be.instanceOf(DuplicateKeyError);
        expect(await people.count({})).to.equal(1);
      });

      it('rejects a repeated pair on a compound unique index but accepts a new pair', async () => {
        const error = await rejectionOf(people.insertOne({ _id: 'p2', email: 'b@example.jp', tenant: 'u1', loginId: 's1' }));
        expect(error).to.be.instanceOf(DuplicateKeyError);
        await people.insertOne({ _id: 'p3', email: 'c@example.jp', tenant: 'u2', loginId: 's1', kind: 'student' });
        expect(await people.count({ kind: 'student' })).to.equal(2);
      });

      it('rejects an update that would repeat a unique value, leaving the document as it was', async () => {
        await people.insertOne({ _id: 'p2', email: 'b@example.jp', tenant: 'u1', loginId: 's2' });
        expect(await rejectionOf(people.updateOne({ _id: 'p2' }, { $set: { email: 'a@example.jp' } }))).to.be.instanceOf(DuplicateKeyError);
        expect(await people.findOne({ _id: 'p2' })).to.include({ email: 'b@example.jp' });
      });
    });

    describe('expiry by ttlField', () => {
      let tokens: Collection<Thing>;
      const minute = 60_000;
      beforeEach(async () => {
        tokens = await store.collection<Thing>('tokens', { ttlField: 'expiresAt' });
        await tokens.insertOne({ _id: 'short', kind: 't', expiresAt: new Date(nowMs + minute) });
        await tokens.insertOne({ _id: 'long', kind: 't', expiresAt: new Date(nowMs + 30 * minute) });
        await tokens.insertOne({ _id: 'forever', kind: 't' });
      });

      it('returns a document until its expiry time', async () => {
        nowMs += minute - 1;
        expect(await tokens.findOne({ _id: 'short' })).to.include({ _id: 'short' });
        expect(await tokens.count({ kind: 't' })).to.equal(3);
      });

      it('hides a document from findOne, find and count once its expiry time has passed', async () => {
        nowMs += minute;
        expect(await tokens.findOne({ _id: 'short' })).to.equal(null);
        expect(idsOf(await tokens.find({ kind: 't' }, { sort: { _id: 1 } }))).to.deep.equal(['forever', 'long']);
        expect(idsOf(await tokens.find({}, { sort: { _id: 1 } }))).to.deep.equal(['forever', 'long']);
        expect(await tokens.count({ kind: 't' })).to.equal(2);
        expect((await tokens.updateOne({ _id: 'short' }, { $set: { used: true } })).matched).to.equal(0);
      });

      it('lets a new document take the _id of an expired one', async () => {
        nowMs += 2 * minute;
        await tokens.insertOne({ _id: 'short', kind: 'again', expiresAt: new Date(nowMs + minute) });
        expect(await tokens.findOne({ _id: 'short' })).to.include({ kind: 'again' });
      });

      it('starts an upserted counter afresh once the previous one expired', async () => {
        const bump = async (): Promise<void> => {
          await tokens.updateOne({ _id: 'short' }, { $inc: { hits: 1 }, $setOnInsert: { expiresAt: new Date(nowMs + minute) } }, { upsert: true });
        };
        await bump();
        expect(await tokens.findOne({ _id: 'short' })).to.include({ hits: 1 });
        nowMs += 2 * minute;
        await bump();
        const fresh = await tokens.findOne({ _id: 'short' });
        expect(fresh).to.include({ hits: 1 }).and.not.have.property('kind');
        expect(fresh?.expiresAt).to.deep.equal(new Date(nowMs + minute));
      });
    });

    describe('concurrent updates', () => {
      it('applies 50 parallel $inc exactly once each', async () => {
        await things.insertOne({ _id: 'counter', n: 0 });
        await Promise.all(Array.from({ length: 50 }, () => things.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
        expect(await things.findOne({ _id: 'counter' })).to.include({ n: 50 });
      });

      it('lets exactly one of 20 racing compare-and-set updates win', async () => {
        await things.insertOne({ _id: 'lease', version: 1 });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => things.updateOne({ _id: 'lease', version: 1 }, { $set: { owner: i }, $inc: { version: 1 } })),
        );
        const winners = results.flatMap((result, i) => (result.matched === 1 ? [i] : []));
        expect(winners).to.have.length(1);
        expect(await things.findOne({ _id: 'lease' })).to.deep.equal({ _id: 'lease', version: 2, owner: winners[0] });
      });

      it('inserts once when 50 parallel upserts race on a new key', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => things.updateOne({ _id: 'fresh' }, { $inc: { n: 1 } }, { upsert: true })),
        );
        expect(results.filter((result) => result.upserted)).to.have.length(1);
        expect(await things.findOne({ _id: 'fresh' })).to.deep.equal({ _id: 'fresh', n: 50 });
      });
    });

    describe('#count and #deleteMany', () => {
      beforeEach(async () => {
        for (const [i, kind] of ['x', 'x', 'y', 'x'].entries()) await things.insertOne({ _id: `d${i}`, kind });
      });

      it('counts the matching documents', async () => {
        expect(await things.count({ kind: 'x' })).to.equal(3);
        expect(await things.count({ kind: 'z' })).to.equal(0);
      });

      it('deletes every matching document and says how many', async () => {
        expect(await things.deleteMany({ kind: 'x' })).to.equal(3);
        expect(idsOf(await things.find({}))).to.deep.equal(['d2']);
        expect(await things.deleteMany({ kind: 'x' })).to.equal(0);
      });
    });

    describe('#close', () => {
      it('keeps data, updates and deletions for the next open of the same place', async () => {
        await things.insertOne({ _id: 'a', n: 1, at: new Date(1_700_000_000_000) });
        await things.insertOne({ _id: 'b', n: 1 });
        await things.updateOne({ _id: 'a' }, { $inc: { n: 1 } });
        await things.deleteMany({ _id: 'b' });
        await store.close();
        const reopened = await (await open()).collection<Thing>('things');
        expect(await reopened.find({})).to.deep.equal([{ _id: 'a', n: 2, at: new Date(1_700_000_000_000) }]);
      });

      it('enforces unique indexes declared again after reopening', async () => {
        const indexes = [{ fields: { email: 1 as const }, unique: true }];
        await (await store.collection<Thing>('people', { indexes })).insertOne({ _id: 'p1', email: 'a@example.jp' });
        await store.close();
        const people = await (await open()).collection<Thing>('people', { indexes });
        expect(await rejectionOf(people.insertOne({ _id: 'p2', email: 'a@example.jp' }))).to.be.instanceOf(DuplicateKeyError);
      });

      it('makes ping and later operations fail with a DependencyError', async () => {
        await store.ping();
        await store.close();
        expect(await rejectionOf(store.ping())).to.be.instanceOf(DependencyError);
        expect(await rejectionOf(things.findOne({ _id: 'a' }))).to.be.instanceOf(DependencyError);
        expect(await rejectionOf(things.insertOne({ _id: 'a' }))).to.be.instanceOf(DependencyError);
      });
    });
  });
}

function idsOf(docs: Doc[]): string[] {
  return docs.map((doc) => doc._id);
}
