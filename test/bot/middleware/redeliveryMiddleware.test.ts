import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { redeliveryMiddleware } from '../../../bot/middleware/redeliveryMiddleware.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

const MINUTE = 60_000;

/** The middleware alone, over the embedded store, with an injected clock. */
describe('redeliveryMiddleware', () => {
  let dir: string;
  let store: FileDocumentStore;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 11, 2, 3, 0);
    dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
    store = await FileDocumentStore.open(dir, clock);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const turn = (id: string | undefined, conversation = 'conv-1'): TurnContext =>
    ({ activity: { type: 'message', id, channelId: 'test', conversation: { id: conversation } } }) as unknown as TurnContext;

  /** Runs one turn; resolves with whether the bot logic ran. `hold` keeps the logic running until released. */
  const deliver = async (middleware: Awaited<ReturnType<typeof redeliveryMiddleware>>, context: TurnContext, hold?: Promise<void>): Promise<boolean> => {
    let ran = false;
    await middleware.onTurn(context, async () => {
      ran = true;
      await hold;
    });
    return ran;
  };

  it('runs an activity once, and again never, however often it is delivered', async () => {
    const middleware = await redeliveryMiddleware(store, clock, silentLogger);
    expect(await deliver(middleware, turn('a-1'))).to.equal(true);
    expect(await deliver(middleware, turn('a-1'))).to.equal(false);
    nowMs += 23 * 60 * MINUTE;
    expect(await deliver(middleware, turn('a-1'))).to.equal(false);
  });

  it('tells activities apart by conversation and id, and runs activities without an id every time', async () => {
    const middleware = await redeliveryMiddleware(store, clock, silentLogger);
    expect(await deliver(middleware, turn('a-1', 'conv-1'))).to.equal(true);
    expect(await deliver(middleware, turn('a-1', 'conv-2'))).to.equal(true);
    expect(await deliver(middleware, turn('a-2', 'conv-1'))).to.equal(true);
    expect(await deliver(middleware, turn(undefined))).to.equal(true);
    expect(await deliver(middleware, turn(undefined))).to.equal(true);
  });

  it('drops a retry that arrives while the first delivery still runs (another instance shares the store)', async () => {
    const first = await redeliveryMiddleware(store, clock, silentLogger);
    const second = await redeliveryMiddleware(store, clock, silentLogger);
    let release!: () => void;
    const running = deliver(first, turn('a-1'), new Promise<void>((resolve) => (release = resolve)));
    expect(await deliver(second, turn('a-1'))).to.equal(false);
    release();
    expect(await running).to.equal(true);
  });

  it('runs a retry again when the first delivery died mid-turn (still running after 2 minutes), once', async () => {
    const middleware = await redeliveryMiddleware(store, clock, silentLogger);
    const dead = middleware.onTurn(turn('a-1'), async () => await new Promise<void>(() => undefined));
    void dead;
    nowMs += MINUTE;
    expect(await deliver(middleware, turn('a-1'))).to.equal(false);
    nowMs += 2 * MINUTE;
    const retries = await Promise.all([deliver(middleware, turn('a-1')), deliver(middleware, turn('a-1'))]);
    expect(retries.filter(Boolean)).to.have.length(1);
  });
});

describe('redeliveryMiddleware on the embedded store (one process)', () => {
  it('runs at once, after a restart, a retry of the turn the last process was running when it died', async () => {
    const nowMs = Date.UTC(2026, 11, 2, 3, 0);
    const clock: Clock = () => new Date(nowMs);
    const dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
    const context = { activity: { type: 'message', id: 'a-1', channelId: 'test', conversation: { id: 'conv-1' } } } as unknown as TurnContext;
    try {
      const before = await FileDocumentStore.open(dir, clock);
      const dying = await redeliveryMiddleware(before, clock, silentLogger, { onlyProcess: true });
      await new Promise<void>((started) => void dying.onTurn(context, async () => {
        started();
        await new Promise<void>(() => undefined);
      }));
      // Without the restart, a retry now would not run: the first delivery is still marked running.
      expect(await before.collection('activityDeliveries').then((deliveries) => deliveries.count({ state: 'running' }))).to.equal(1);
      await before.close();

      const after = await FileDocumentStore.open(dir, clock);
      const restarted = await redeliveryMiddleware(after, clock, silentLogger, { onlyProcess: true });
      let ran = 0;
      await restarted.onTurn(context, async () => void (ran += 1));
      await restarted.onTurn(context, async () => void (ran += 1));
      expect(ran).to.equal(1);
      await after.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
