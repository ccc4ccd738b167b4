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
