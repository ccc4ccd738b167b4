import { ConversationState, TestAdapter, UserState } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import { ConflictError } from '../../../services/errors.ts';
import { BotStateStorage } from '../../../services/store/botStateStorage.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import type { StateRecords } from '../../../services/store/stateRecords.ts';
import { rejectionOf } from './storeChecks.ts';

/**
 * BotStateStorage over every StateRecords adapter: botbuilder's eTag rules, retention and round-trips.
 * `make(clock)` opens records on the current test's place (made fresh by the caller); called again in the same
 * test it opens the same place, as a second bot instance would. The suite closes what it opened.
 */
export function botStateStorageContract(make: (clock: Clock) => Promise<StateRecords>): void {
  describe('BotStateStorage contract', () => {
    const day = 24 * 60 * 60_000;
    // Real time as the start, as MongoDB's TTL monitor removes expired documents by the wall clock.
    let at = new Date();
    let now = at;
    const clock = (): Date => now;
    let opened: StateRecords[] = [];
    let records: StateRecords;
    let storage: BotStateStorage;

    const open = async (): Promise<StateRecords> => {
      const made = await make(clock);
      await made.open();
      opened.push(made);
      return made;
    };

    beforeEach(async () => {
      at = new Date();
      now = at;
      opened = [];
      records = await open();
      storage = new BotStateStorage(records, clock);
    });
    afterEach(async () => {
      for (const made of opened) await made.close();
    });

    const eTagOf = async (key: string): Promise<string> => ((await storage.read([key]))[key] as { eTag: string }).eTag;
    const raw = async (key: string) => (await records.read([key]))[0];

    describe('#read', () => {
      it('returns only the keys that exist, each with its eTag', async () => {
        await storage.write({ a: { n: 1 }, b: { n: 2 } });
        const items = await storage.read(['a', 'missing']);
        expect(Object.keys(items)).to.deep.equal(['a']);
        expect(items.a).to.include({ n: 1 }).and.have.property('eTag').that.is.a('string');
      });

      it('returns an empty object for no keys', async () => {
        expect(await storage.read([])).to.deep.equal({});
      });

      it('tells apart keys with any characters, and round-trips them', async () => {
        const keys = ['a/b', 'a\\b', '../../etc/passwd', 'webchat/conversations/日本語 会話|?*:<>"/', 'x'.repeat(5000), 'nul\u0000byte', '', 'A', 'a'];
        await storage.write(Object.fromEntries(keys.map((key, n) => [key, { n }])));
        const items = await storage.read(keys);
        expect(keys.map((key) => (items[key] as { n: number } | undefined)?.n)).to.deep.equal(keys.map((_, n) => n));
      });
    });

    describe('#write', () => {
      it('stores the state as JSON with a new eTag and the time of the write', async () => {
        await storage.write({ 'webchat/conversations/c1/': { dialogState: { stack: [] } } });
        const record = await raw('webchat/conversations/c1/');
        expect(record?.state).to.equal('{"dialogState":{"stack":[]}}');
        expect(record?.updatedAt).to.deep.equal(at);
        expect(record?.eTag).to.equal(await eTagOf('webchat/conversations/c1/'));
      });

      it('keeps conversation state for a week and user state for a year after the last write', async () => {
        const conversation = 'webchat/conversations/c1/';
        const user = 'webchat/users/u1/';
        await storage.write({ [conversation]: { step: 1 }, [user]: { locale: 'en' }, other: { n: 1 } });
        now = new Date(at.getTime() + 7 * day - 1);
        expect(Object.keys(await storage.read([conversation, user, 'other'])).sort()).to.deep.equal(['other', conversation, user].sort());
        now = new Date(at.getTime() + 7 * day);
        expect(Object.keys(await storage.read([conversation, user, 'other'])).sort()).to.deep.equal(['other', user].sort());
        now = new Date(at.getTime() + 365 * day);
        expect(Object.keys(await storage.read([conversation, user, 'other']))).to.deep.equal(['other']);
      });

      it('moves the expiry with every write, so a conversation in use never expires', async () => {
        const conversation = 'webchat/conversations/c1/';
        await storage.write({ [conversation]: { step: 1 } });
        now = new Date(at.getTime() + 6 * day);
        await storage.write({ [conversation]: { step: 2 } });
        now = new Date(at.getTime() + 12 * day);
        expect((await storage.read([conversation]))[conversation]).to.include({ step: 2 });
      });

      it('round-trips keys that MongoDB and NeDB refuse as field names', async () => {
        const state = { $x: 1, 'a.b': { '$ref': 'y', 'c.d': [1, { $e: null }] }, 日本語: '証明書' };
        await storage.write({ k: state });
        const { eTag, ...read } = (await storage.read(['k'])).k as Record<string, unknown>;
        expect(read).to.deep.equal(state);
        expect(eTag).to.be.a('string');
      });

      it('does not store the eTag inside the state', async () => {
        await storage.write({ k: { n: 1, eTag: '*' } });
        expect(JSON.parse((await raw('k'))?.state ?? '')).to.deep.equal({ n: 1 });
      });

      it('changes the eTag on every write', async () => {
        await storage.write({ k: { n: 1 } });
        const first = await eTagOf('k');
        await storage.write({ k: { n: 2, eTag: first } });
        expect(await eTagOf('k')).not.to.equal(first);
      });

      context('with the eTag that was read', () => {
        it('overwrites', async () => {
          await storage.write({ k: { n: 1 } });
          await storage.write({ k: { n: 2, eTag: await eTagOf('k') } });
          expect((await storage.read(['k'])).k).to.include({ n: 2 });
        });
      });

      context('with a stale eTag', () => {
        it('rejects with a ConflictError like MemoryStorage and keeps the newer state', async () => {
          await storage.write({ k: { n: 1 } });
          const stale = await eTagOf('k');
          await storage.write({ k: { n: 2, eTag: stale } });
          const error = await rejectionOf(storage.write({ k: { n: 3, eTag: stale } }));
          expect(error).to.be.instanceOf(ConflictError);
          expect((error as Error).message).to.equal('Storage: error writing "k" due to eTag conflict.');
          expect((await storage.read(['k'])).k).to.include({ n: 2 });
        });
      });

      context("with the eTag '*' or none", () => {
        it('overwrites whatever is stored', async () => {
          await storage.write({ k: { n: 1 } });
          await storage.write({ k: { n: 2, eTag: '*' } });
          expect((await storage.read(['k'])).k).to.include({ n: 2 });
          await storage.write({ k: { n: 3 } });
          expect((await storage.read(['k'])).k).to.include({ n: 3 });
        });
      });

      context('with an eTag for a key that does not exist', () => {
        it('inserts the state', async () => {
          await storage.write({ k: { n: 1, eTag: 'from-elsewhere' } });
          expect((await storage.read(['k'])).k).to.include({ n: 1 });
        });
      });

      context('when writers race with the same eTag', () => {
        it('lets exactly one of them succeed', async () => {
          await storage.write({ k: { n: 0 } });
          const eTag = await eTagOf('k');
          const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => storage.write({ k: { n, eTag } })));
          const won = outcomes.flatMap((outcome, n) => (outcome.status === 'fulfilled' ? [n] : []));
          expect(won).to.have.length(1);
          for (const outcome of outcomes) {
            if (outcome.status === 'rejected') expect(outcome.reason).to.be.instanceOf(ConflictError);
          }
          expect((await storage.read(['k'])).k).to.include({ n: won[0] });
        });

        it('lets exactly one of them insert a key that did not exist', async () => {
          const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => storage.write({ k: { n, eTag: 'e1' } })));
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
        });
      });
    });

    describe('#delete', () => {
      it('removes the given keys and ignores missing ones', async () => {
        await storage.write({ a: { n: 1 }, b: { n: 2 } });
        await storage.delete(['a', 'missing']);
        expect(Object.keys(await storage.read(['a', 'b']))).to.deep.equal(['b']);
      });
    });

    context('under ConversationState and UserState', () => {
      const bot = (storageForTurn: BotStateStorage) => {
        const conversationState = new ConversationState(storageForTurn);
        const userState = new UserState(storageForTurn);
        const turns = conversationState.createProperty<number>('turns');
        const name = userState.createProperty<string>('name');
        return async (context: TurnContext): Promise<void> => {
          const count = (await turns.get(context, 0)) + 1;
          await turns.set(context, count);
          if (context.activity.text?.startsWith('I am ')) await name.set(context, context.activity.text.slice(5));
          await context.sendActivity(`turn ${count}, ${await name.get(context, 'stranger')}`);
          await conversationState.saveChanges(context);
          await userState.saveChanges(context);
        };
      };

      it('keeps conversation and user state across turns and across storage instances', async () => {
        const adapter = new TestAdapter(bot(storage));
        await adapter.send('hello').assertReply('turn 1, stranger').send('I am Sato').assertReply('turn 2, Sato');

        // Another bot instance on the same place sees the same state.
        const other = new TestAdapter(bot(new BotStateStorage(await open(), clock)));
        await other.send('again').assertReply('turn 3, Sato');

        const stored = await records.read(['test/conversations/Convo1/', 'test/users/user1/']);
        expect(stored.map((record) => record.key).sort()).to.deep.equal(['test/conversations/Convo1/', 'test/users/user1/']);
        expect(JSON.parse(stored.find((record) => record.key === 'test/users/user1/')!.state)).to.deep.include({ name: 'Sato' });
      });
    });
  });
}
