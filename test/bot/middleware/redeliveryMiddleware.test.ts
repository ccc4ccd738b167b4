import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { redeliveryMiddleware } from '../../../bot/middleware/redeliveryMiddleware.ts';
import type { RedeliveryMiddleware } from '../../../bot/middleware/redeliveryMiddleware.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDeliveryMarks } from '../../../services/store/fileDeliveryMarks.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

const MINUTE = 60_000;

const turn = (id: string | undefined, conversation = 'conv-1'): TurnContext =>
  ({ activity: { type: 'message', id, channelId: 'test', conversation: { id: conversation } } }) as unknown as TurnContext;

/** Runs one turn; resolves with whether the bot logic ran. `hold` keeps the logic running until released. */
const deliver = async (middleware: RedeliveryMiddleware, context: TurnContext, hold?: Promise<void>): Promise<boolean> => {
  let ran = false;
  await middleware.onTurn(context, async () => {
    ran = true;
    await hold;
  });
  return ran;
};

/** A turn whose logic never ends (its process dies before); resolves once the logic has started. */
const dieMidTurn = async (middleware: RedeliveryMiddleware, context: TurnContext): Promise<void> =>
  await new Promise<void>((started) => void middleware.onTurn(context, async () => {
    started();
    await new Promise<void>(() => undefined);
  }));

/**
 * The middleware over both kinds of marks, with an injected clock: `open()` makes a middleware on the test's
 * place (a store shared by instances, or the embedded mode's folder and its one process's claims).
 */
function sameActivityRunsOnce(open: (dir: string, clock: Clock) => Promise<RedeliveryMiddleware>): void {
  let dir: string;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let opened: RedeliveryMiddleware[];
  const make = async (): Promise<RedeliveryMiddleware> => {
    const middleware = await open(dir, clock);
    opened.push(middleware);
    return middleware;
  };

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 11, 2, 3, 0);
    dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
    opened = [];
  });
  afterEach(async () => {
    for (const middleware of opened) await middleware.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an activity once, and again never within a day, however often it is delivered', async () => {
    const middleware = await make();
    expect(await deliver(middleware, turn('a-1'))).to.equal(true);
    expect(await deliver(middleware, turn('a-1'))).to.equal(false);
    nowMs += 23 * 60 * MINUTE;
    expect(await deliver(middleware, turn('a-1'))).to.equal(false);
  });

  it('tells activities apart by conversation and id, and runs activities without an id every time', async () => {
    const middleware = await make();
    expect(await deliver(middleware, turn('a-1', 'conv-1'))).to.equal(true);
    expect(await deliver(middleware, turn('a-1', 'conv-2'))).to.equal(true);
    expect(await deliver(middleware, turn('a-2', 'conv-1'))).to.equal(true);
    expect(await deliver(middleware, turn(undefined))).to.equal(true);
    expect(await deliver(middleware, turn(undefined))).to.equal(true);
  });

  it('drops a retry that arrives while the first delivery still runs', async () => {
    const first = await make();
    const second = await make();
    let release!: () => void;
    const running = deliver(first, turn('a-1'), new Promise<void>((resolve) => (release = resolve)));
    expect(await deliver(second, turn('a-1'))).to.equal(false);
    release();
    expect(await running).to.equal(true);
    expect(await deliver(second, turn('a-1'))).to.equal(false);
  });

  it('passes a failing turn’s error on to the turn error handler', async () => {
    const middleware = await make();
    const failure = new Error('dependency down');
    const thrown = await middleware.onTurn(turn('a-1'), async () => await Promise.reject(failure)).catch((error: unknown) => error);
    expect(thrown).to.equal(failure);
  });
}

describe('redeliveryMiddleware', () => {
  context('over a document store’s collection (MongoDB mode; the embedded store stands in, shared by instances)', () => {
    const stores: FileDocumentStore[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
    });
    let shared: { dir: string; store: FileDocumentStore } | undefined;
    const open = async (dir: string, clock: Clock): Promise<RedeliveryMiddleware> => {
      if (shared?.dir !== dir) {
        shared = { dir, store: await FileDocumentStore.open(dir, clock) };
        stores.push(shared.store);
      }
      return await redeliveryMiddleware(shared.store, clock, silentLogger);
    };
    sameActivityRunsOnce(open);

    it('runs a retry again when the first delivery died mid-turn (still running after 2 minutes), once', async () => {
      let nowMs = Date.UTC(2026, 11, 2, 3, 0);
      const clock: Clock = () => new Date(nowMs);
      const dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
      try {
        const middleware = await open(dir, clock);
        await dieMidTurn(middleware, turn('a-1'));
        nowMs += MINUTE;
        expect(await deliver(middleware, turn('a-1'))).to.equal(false);
        nowMs += 2 * MINUTE;
        const retries = await Promise.all([deliver(middleware, turn('a-1')), deliver(middleware, turn('a-1'))]);
        expect(retries.filter(Boolean)).to.have.length(1);
      } finally {
        for (const store of stores.splice(0)) await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  context('over files and the one process’s claims (embedded mode)', () => {
    const open = async (dir: string, clock: Clock): Promise<RedeliveryMiddleware> =>
      await redeliveryMiddleware(new FileDeliveryMarks(path.join(dir, 'deliveries'), clock), clock, silentLogger);
    // One process, so one set of claims: both middlewares share the marks, as a second delivery shares the process.
    let marks: FileDeliveryMarks | undefined;
    sameActivityRunsOnce(async (dir, clock) => {
      marks ??= new FileDeliveryMarks(path.join(dir, 'deliveries'), clock);
      return await redeliveryMiddleware(marks, clock, silentLogger);
    });
    afterEach(() => {
      marks = undefined;
    });

    context('after a restart', () => {
      let dir: string;
      const nowMs = Date.UTC(2026, 11, 2, 3, 0);
      const clock: Clock = () => new Date(nowMs);
      beforeEach(async () => {
        dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
      });
      afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
      });

      it('runs at once, once, a retry of the turn the last process was running when it died', async () => {
        const dying = await open(dir, clock);
        await dieMidTurn(dying, turn('a-1'));
        expect(await deliver(dying, turn('a-1'))).to.equal(false);

        await dying.close();
        const restarted = await open(dir, clock);
        const retries = await Promise.all([deliver(restarted, turn('a-1')), deliver(restarted, turn('a-1'))]);
        expect(retries.filter(Boolean)).to.have.length(1);
        expect(await deliver(restarted, turn('a-1'))).to.equal(false);
        await restarted.close();
      });

      it('still drops a retry of a turn the last process finished', async () => {
        const before = await open(dir, clock);
        expect(await deliver(before, turn('a-1'))).to.equal(true);
        await before.close();
        const after = await open(dir, clock);
        expect(await deliver(after, turn('a-1'))).to.equal(false);
        await after.close();
      });
    });

    it('lets a retry of a turn that threw run again, as after a crash', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'certbot-redelivery-'));
      const clock: Clock = () => new Date(Date.UTC(2026, 11, 2, 3, 0));
      try {
        const middleware = await open(dir, clock);
        await middleware.onTurn(turn('a-1'), async () => await Promise.reject(new Error('dependency down'))).catch(() => undefined);
        expect(await deliver(middleware, turn('a-1'))).to.equal(true);
        expect(await deliver(middleware, turn('a-1'))).to.equal(false);
        // Nothing in the document store: the marks are the folder's only files.
        expect(await readdir(dir)).to.deep.equal(['deliveries']);
        await middleware.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
