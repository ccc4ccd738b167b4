import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { DependencyError } from '../../services/errors.ts';
import { silentLogger } from '../../services/log/logger.ts';
import type { Collection, CollectionOptions, Doc, DocumentStore } from '../../services/store/documentStore.ts';
import { BotClient } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { openChannel } from '../helpers/e2eHarness.ts';
import type { TestChannel } from '../helpers/e2eHarness.ts';
import { serveFakeAccounts, TEST_TOKEN } from '../helpers/fakeAccounts.ts';
import type { FakeAccountService } from '../helpers/fakeAccounts.ts';
import { startBotProcess } from '../helpers/botProcess.ts';
import type { BotProcess } from '../helpers/botProcess.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

const t = tFor('ja');
const ANSWER_WITHIN_MS = 3_000;

describe('faults (issue 8 item 2)', function () {
  this.timeout(90_000);
  let channel: TestChannel;
  before(async () => {
    channel = await openChannel();
  });
  after(async () => {
    await channel.stop();
  });

  /** One chat over HTTP; `say` resolves with the texts the bot answered and how long the turn took. */
  const chat = (url: string, locale = 'ja-JP') => {
    const { say } = channel.chat(url, locale);
    return {
      say: async (text: string): Promise<{ text: string; ms: number }> => {
        const started = Date.now();
        const answered = await say(text);
        return { text: answered.map((reply) => reply.text ?? '').join('\n'), ms: Date.now() - started };
      },
    };
  };

  describe('the account service down, slow, then back', () => {
    let service: FakeAccountService;
    let running: RunningApp;
    before(async () => {
      service = await serveFakeAccounts();
      running = await startTestApp({ ACCOUNT_SERVICE_URL: service.url, ACCOUNT_SERVICE_TOKEN: TEST_TOKEN });
    });
    after(async () => {
      await running.stop();
      await service.stop();
    });

    const upToEmail = async () => {
      const conversation = chat(running.url);
      for (const text of ['第2パスワードを忘れました', '在学生', 's1234567']) await conversation.say(text);
      return conversation;
    };

    it('apologises within 3 s with the way to a person, /readyz says so, and the same chat works once it is back', async () => {
      service.fake.failAlways();
      const down = await upToEmail();
      const answer = await down.say('taro@example-u.ac.jp');
      expect(answer.text).to.include(t('identity:serviceDown'));
      expect(answer.ms).to.be.below(ANSWER_WITHIN_MS);
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).to.equal(503);
      expect(await ready.json()).to.include({ accounts: 'unreachable' });

      // The conversation is still usable: it answers a question while the service is down.
      expect((await down.say('対応ブラウザを教えて')).text.length).to.be.greaterThan(0);

      service.fake.recover();
      // Until the breaker's reset timeout passes it fails fast; each try is a new journey, until one gets through.
      for (;;) {
        const retry = await upToEmail();
        const reply = await retry.say('taro@example-u.ac.jp');
        expect(reply.ms).to.be.below(ANSWER_WITHIN_MS);
        if (reply.text.includes(t('secondPassword:forgot.sent'))) break;
        expect(reply.text).to.include(t('identity:serviceDown'));
      }
      expect((await fetch(`${running.url}/readyz`)).status).to.equal(200);
    });

    it('answers within 3 s when the service hangs', async () => {
      let release!: () => void;
      service.fake.holdUntil(new Promise<void>((resolve) => (release = resolve)));
      try {
        const slow = await upToEmail();
        const answer = await slow.say('taro@example-u.ac.jp');
        expect(answer.text).to.include(t('identity:serviceDown'));
        expect(answer.ms).to.be.below(ANSWER_WITHIN_MS);
      } finally {
        release();
      }
    });
  });

  describe('the store unavailable, then back', () => {
    let app: App;
    let url: string;
    let dataDir: string;
    const outage = { on: false };

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-faults-'));
      app = await compose(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }), {
        logger: silentLogger,
        decorateStore: (store) => new FlakyStore(store, outage),
      });
      url = `http://127.0.0.1:${(await app.listen()).port}`;
    });
    after(async () => {
      outage.on = false;
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('apologises on every turn of the outage, keeps the conversation as it was, and goes on when the store is back', async () => {
      // An English channel, so the apology (said when even the user's language cannot be read) is in English too.
      const conversation = chat(url, 'en-US');
      const question = await conversation.say('Which browsers are supported?');
      expect(question.text).to.equal(tFor('en')('faq:browsers.askDevice'));

      outage.on = true;
      // The embedded mode keeps state in files beside the store: on a failing disk they fail with it.
      await rename(path.join(dataDir, 'state'), path.join(dataDir, 'state.down'));
      await writeFile(path.join(dataDir, 'state'), '');
      for (const text of ['smartphone', 'hello']) {
        const apology = await conversation.say(text);
        expect(apology.text).to.include(tFor('en')('common:apology'));
      }
      expect((await fetch(`${url}/readyz`)).status).to.equal(503);

      outage.on = false;
      await rm(path.join(dataDir, 'state'));
      await rename(path.join(dataDir, 'state.down'), path.join(dataDir, 'state'));
      // The question is still open and still in English: nothing of the outage was written.
      const answer = await conversation.say('smartphone');
      expect(answer.text).to.include(tFor('en')('faq:browsers.smartphone'));
    });
  });

  describe('the process killed mid-turn', () => {
    let running: BotProcess | undefined;
    let dataDir: string;
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-killed-'));
    });
    after(async () => {
      if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
      await running?.exited;
      await rm(dataDir, { recursive: true, force: true });
    });

    it('answers the channel’s retry of the cut turn after a restart, and the conversation goes on', async () => {
      running = await startBotProcess({ DATA_DIR: dataDir });
      const user = new BotClient(running.url, channel.serviceUrl, { locale: 'en-US' });
      await user.say('English');
      await channel.replies.waitFor(user.conversationId, 1);
      const seen = channel.replies.of(user.conversationId).length;

      // The turn is in flight (its reply held at the channel) when the process dies.
      channel.replies.hold();
      const cut = user.activity({ text: 'Which browsers are supported?' });
      const inFlight = fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cut) }).catch(() => undefined);
      await channel.replies.waitFor(user.conversationId, 1, seen);
      running.child.kill('SIGKILL');
      expect(await running.exited).to.equal('SIGKILL');
      await inFlight;
      channel.replies.release();

      running = await startBotProcess({ DATA_DIR: dataDir });
      const after = channel.replies.of(user.conversationId).length;
      const retried = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cut) });
      expect(retried.status).to.equal(200);
      const [question] = await channel.replies.waitFor(user.conversationId, 1, after);
      expect(question!.text).to.equal(tFor('en')('faq:browsers.askDevice'));
      const resumed = new BotClient(running.url, channel.serviceUrl, { locale: 'en-US' });
      Object.assign(resumed, { conversationId: user.conversationId });
      await resumed.say('smartphone');
      const [answer] = await channel.replies.waitFor(user.conversationId, 1, after + 1);
      expect(answer!.text).to.include(tFor('en')('faq:browsers.smartphone'));
    });
  });
});

/** The app's store, failing every call with DependencyError while `outage.on`. */
class FlakyStore implements DocumentStore {
  constructor(
    private readonly inner: DocumentStore,
    private readonly outage: { on: boolean },
  ) {}

  private check(): void {
    if (this.outage.on) throw new DependencyError('store', 'the store is unreachable (test outage)');
  }

  async collection<T extends Doc>(name: string, options?: CollectionOptions): Promise<Collection<T>> {
    const collection = await this.inner.collection<T>(name, options);
    const guarded = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      this.check();
      return await call(...args);
    };
    return {
      insertOne: guarded(collection.insertOne.bind(collection)),
      findOne: guarded(collection.findOne.bind(collection)),
      find: guarded(collection.find.bind(collection)),
      updateOne: guarded(collection.updateOne.bind(collection)),
      deleteMany: guarded(collection.deleteMany.bind(collection)),
      count: guarded(collection.count.bind(collection)),
    };
  }

  async ping(): Promise<void> {
    this.check();
    await this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}
