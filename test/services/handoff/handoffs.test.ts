import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AgentPresence } from '../../../services/handoff/agentPresence.ts';
import { Handoffs } from '../../../services/handoff/handoffs.ts';
import type { HandoffRecord } from '../../../services/handoff/handoffRecord.ts';
import { StoreHandoffQueue } from '../../../services/handoff/storeHandoffQueue.ts';
import { Tickets } from '../../../services/handoff/tickets.ts';
import { WaitEstimate } from '../../../services/handoff/waitEstimate.ts';
import type { StaffMember } from '../../../services/staff/staffDirectory.ts';
import type { DocumentStore } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';

const sato: StaffMember = { id: 'agent01', name: 'Sato', role: 'agent' };
const suzuki: StaffMember = { id: 'agent02', name: 'Suzuki', role: 'agent' };
const tanaka: StaffMember = { id: 'super01', name: 'Tanaka', role: 'supervisor' };
const tenant: Tenant = { ...builtInDemoTenant, handoffWaitMinutes: 10 };

/** A clock the test moves by hand. */
class TestClock {
  constructor(public now = new Date('2026-12-02T01:00:00Z')) {}
  readonly read = (): Date => new Date(this.now);
  advance(minutes: number): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }
}

async function openHandoffs(store: DocumentStore, clock: TestClock): Promise<Handoffs> {
  return new Handoffs(await StoreHandoffQueue.open(store, clock.read), await AgentPresence.open(store), await WaitEstimate.open(store), clock.read);
}

function ask(handoffs: Handoffs, conversationId: string, onTenant: Tenant = tenant) {
  return handoffs.request(onTenant, { channelId: 'test', conversationId, reference: JSON.stringify({ conversation: { id: conversationId } }), locale: 'en', steps: ['mainDialog'] });
}

async function goOnline(handoffs: Handoffs, clock: TestClock, ...members: StaffMember[]): Promise<void> {
  for (const member of members) {
    await handoffs.presence.register(member, clock.read());
    await handoffs.presence.set(member.id, 'online', clock.read());
  }
}

describe('Handoffs', () => {
  let dir: string;
  let store: DocumentStore;
  let clock: TestClock;
  let handoffs: Handoffs;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'handoffs-'));
    clock = new TestClock();
    store = await FileDocumentStore.open(dir, clock.read);
    handoffs = await openHandoffs(store, clock);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('#accept', () => {
    context('when two agents accept the same conversation at once', () => {
      it('gives it to exactly one of them; the other is told it is taken', async () => {
        await goOnline(handoffs, clock, sato, suzuki);
        const queued = await ask(handoffs, 'c1');
        const results = await Promise.all([handoffs.accept(queued!.record._id, sato), handoffs.accept(queued!.record._id, suzuki)]);
        const winners = results.filter((result): result is HandoffRecord => typeof result !== 'string');
        expect(winners).to.have.length(1);
        expect(results.filter((result) => result === 'taken')).to.have.length(1);
        const stored = await handoffs.queue.get(queued!.record._id);
        expect(stored!.state).to.equal('assigned');
        expect(stored!.agentId).to.equal(winners[0]!.agentId);
      });

      it('keeps one owner per conversation over many concurrent accepts by separate store handles', async () => {
        await goOnline(handoffs, clock, sato, suzuki, tanaka);
        const ids = [];
        for (const conversation of ['c1', 'c2', 'c3', 'c4']) ids.push((await ask(handoffs, conversation))!.record._id);
        const second = await openHandoffs(store, clock);
        const attempts = ids.flatMap((id) => [handoffs.accept(id, sato), second.accept(id, suzuki), second.accept(id, tanaka)]);
        const results = await Promise.all(attempts);
        const owners = results.filter((result): result is HandoffRecord => typeof result !== 'string');
        expect(owners.map((owner) => owner._id).sort()).to.deep.equal([...ids].sort());
      });
    });

    it('refuses agents who are away or offline, and agents at their chat limit', async () => {
      await handoffs.presence.register(sato, clock.read());
      const queued = await ask(handoffs, 'c1');
      expect(await handoffs.accept(queued!.record._id, sato)).to.equal('notOnline');
      await handoffs.presence.set(sato.id, 'away', clock.read());
      expect(await handoffs.accept(queued!.record._id, sato)).to.equal('notOnline');
      await handoffs.presence.set(sato.id, 'online', clock.read());
      for (const conversation of ['c2', 'c3', 'c4']) await handoffs.accept((await ask(handoffs, conversation))!.record._id, sato);
      expect(await handoffs.activeChats(sato.id)).to.equal(3);
      expect(await handoffs.accept(queued!.record._id, sato)).to.equal('atLimit');
    });
  });

  describe('#availability', () => {
    it('is closed outside the tenant chat hours, nobodyOnline without online agents, else open', async () => {
      const office: Tenant = { ...tenant, chatHours: { days: 'weekdays', open: '09:00', close: '17:00' } };
      clock.now = new Date('2026-12-02T10:00:00Z'); // 19:00 in Japan
      expect(await handoffs.availability(office)).to.equal('closed');
      clock.now = new Date('2026-12-02T01:00:00Z'); // 10:00 in Japan
      expect(await handoffs.availability(office)).to.equal('nobodyOnline');
      await goOnline(handoffs, clock, sato);
      expect(await handoffs.availability(office)).to.equal('open');
      await handoffs.presence.set(sato.id, 'away', clock.read());
      expect(await handoffs.availability(office)).to.equal('nobodyOnline');
    });
  });

  describe('queue positions', () => {
    it('numbers users per tenant in arrival order and reports who moved up once', async () => {
      await goOnline(handoffs, clock, sato);
      const first = await ask(handoffs, 'c1');
      clock.advance(1);
      const second = await ask(handoffs, 'c2');
      clock.advance(1);
      const third = await ask(handoffs, 'c3');
      const other = await ask(handoffs, 'c4', { ...tenant, id: 'other-u' });
      expect([first!.position, second!.position, third!.position, other!.position]).to.deep.equal([1, 2, 3, 1]);

      await handoffs.accept(first!.record._id, sato);
      const { moved } = await handoffs.sweep();
      expect(moved.map((queued) => [queued.record.conversationId, queued.position])).to.deep.equal([
        ['c2', 1],
        ['c3', 2],
      ]);
      expect((await handoffs.sweep()).moved).to.deep.equal([]);

      await handoffs.cancel(second!.record._id);
      const after = await handoffs.sweep();
      expect(after.moved.map((queued) => [queued.record.conversationId, queued.position])).to.deep.equal([['c3', 1]]);
    });

    it('refuses a second request while the conversation is queued', async () => {
      expect(await ask(handoffs, 'c1')).to.not.equal(undefined);
      expect(await ask(handoffs, 'c1')).to.equal(undefined);
    });
  });

  describe('wait estimate', () => {
    it('says nothing ("a few minutes") until three waits are known, then averages the time per place', async () => {
      await goOnline(handoffs, clock, sato);
      const waits = [4, 6, 8];
      for (const [index, minutes] of waits.entries()) {
        const queued = await ask(handoffs, `w${index}`);
        expect(queued!.estimateMinutes).to.equal(undefined);
        clock.advance(minutes);
        await handoffs.accept(queued!.record._id, sato);
        await handoffs.returnToBot(queued!.record._id, sato);
      }
      const first = await ask(handoffs, 'next1');
      const second = await ask(handoffs, 'next2');
      expect(first!.estimateMinutes).to.equal(6);
      expect(second!.estimateMinutes).to.equal(12);
    });
  });

  describe('#sweep (timers in the store)', () => {
    it('expires a wait past the timeout after a restart, on a new store handle with the clock moved on', async () => {
      const queued = await ask(handoffs, 'c1');
      await store.close();

      clock.advance(9);
      store = await FileDocumentStore.open(dir, clock.read);
      handoffs = await openHandoffs(store, clock);
      expect((await handoffs.sweep()).expired).to.deep.equal([]);

      clock.advance(2);
      const { expired } = await handoffs.sweep();
      expect(expired.map((record) => record._id)).to.deep.equal([queued!.record._id]);
      expect((await handoffs.queue.get(queued!.record._id))!.state).to.equal('expired');
      expect((await handoffs.sweep()).expired, 'a second sweep changes nothing').to.deep.equal([]);
    });

    it('hands an assigned conversation back when the agent stays silent past the idle timeout, once across sweepers', async () => {
      await goOnline(handoffs, clock, sato);
      const queued = await ask(handoffs, 'c1');
      await handoffs.accept(queued!.record._id, sato);
      clock.advance(10);
      await handoffs.agentActive(queued!.record._id, sato);
      clock.advance(14);
      expect((await handoffs.sweep()).abandoned).to.deep.equal([]);
      clock.advance(2);
      const other = await openHandoffs(store, clock);
      const [one, two] = await Promise.all([handoffs.sweep(), other.sweep()]);
      expect(one.abandoned.length + two.abandoned.length).to.equal(1);
      expect((await handoffs.queue.get(queued!.record._id))!.state).to.equal('abandoned');
    });
  });

  describe('#returnToBot and #rate', () => {
    it('lets only the owner (or a supervisor) return it, then stores one rating for that round', async () => {
      await goOnline(handoffs, clock, sato, suzuki);
      const queued = await ask(handoffs, 'c1');
      await handoffs.accept(queued!.record._id, sato);
      expect(await handoffs.returnToBot(queued!.record._id, suzuki)).to.equal(undefined);
      const returned = await handoffs.returnToBot(queued!.record._id, sato);
      expect(returned!.state).to.equal('bot');
      expect(returned!.ratingPending).to.equal(1);
      await handoffs.rate(queued!.record._id, 5, 'kind and quick');
      expect(await handoffs.rate(queued!.record._id, 1, undefined), 'a second rating is refused').to.equal(undefined);
      const rated = await handoffs.queue.get(queued!.record._id);
      expect(rated!.ratings.map(({ score, comment, agentId }) => ({ score, comment, agentId }))).to.deep.equal([{ score: 5, comment: 'kind and quick', agentId: 'agent01' }]);
    });

    it('transfers to an online agent only, and a supervisor may take over any chat', async () => {
      await goOnline(handoffs, clock, sato, tanaka);
      await handoffs.presence.register(suzuki, clock.read());
      const queued = await ask(handoffs, 'c1');
      await handoffs.accept(queued!.record._id, sato);
      expect(await handoffs.transfer(queued!.record._id, sato, (await handoffs.presence.get(suzuki.id))!)).to.equal('notOnline');
      const moved = await handoffs.transfer(queued!.record._id, tanaka, (await handoffs.presence.get(tanaka.id))!);
      expect((moved as HandoffRecord).agentName).to.equal('Tanaka');
    });
  });
});

describe('Tickets', () => {
  it('numbers concurrent tickets without repeats', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tickets-'));
    const store = await FileDocumentStore.open(dir);
    try {
      const tickets = await Tickets.open(store);
      const numbers = await Promise.all(Array.from({ length: 8 }, () => tickets.nextNumber('example-u')));
      expect(new Set(numbers).size).to.equal(8);
      expect([...numbers].sort()[0]).to.equal('T-000001');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
