import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { BotClient } from '../helpers/botClient.ts';
import { startBotProcess } from '../helpers/botProcess.ts';
import type { BotProcess } from '../helpers/botProcess.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { createI18n } from '../../services/i18n/i18n.ts';

const t = createI18n().getFixedT('en');

describe('the bot process', function () {
  this.timeout(60_000);
  const sink = new ReplySink();
  let serviceUrl: string;
  let dataDir: string;
  let running: BotProcess | undefined;

  before(async () => {
    serviceUrl = await sink.start();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-process-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });
  after(async () => {
    await sink.stop();
  });

  context('when killed with SIGKILL in the middle of a menu flow', () => {
    it('continues the conversation where it was after a restart on the same DATA_DIR', async () => {
      running = await startBotProcess({ DATA_DIR: dataDir });
      const user = new BotClient(running.url, serviceUrl, { locale: 'en-US' });
      await user.say('hello');
      await sink.waitFor(user.conversationId, 1);
      await user.say('English');
      await sink.waitFor(user.conversationId, 2);
      await user.press({ action: 'menu', topic: 'browsers' });
      const [question] = await sink.waitFor(user.conversationId, 1, 2);
      expect(question!.text).to.equal(t('faq:browsers.askDevice'));

      running.child.kill('SIGKILL');
      expect(await running.exited).to.equal('SIGKILL');

      running = await startBotProcess({ DATA_DIR: dataDir });
      const resumed = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
      Object.assign(resumed, { conversationId: user.conversationId });
      await resumed.say('smartphone');
      const [answer, more] = await sink.waitFor(user.conversationId, 2, 3);
      // Still in the device question, and still in English although the channel now says ja-JP.
      expect(answer!.text).to.include(t('faq:browsers.smartphone'));
      expect(more!.text).to.equal(t('common:anythingElse'));
    });
  });

  context('when sent SIGTERM during a turn', () => {
    it('finishes the turn, refuses new work, and exits 0 within 10 s', async () => {
      running = await startBotProcess({ DATA_DIR: dataDir });
      const user = new BotClient(running.url, serviceUrl, { locale: 'en-US' });
      sink.hold();
      const turn = user.say('hello');
      await sink.waitFor(user.conversationId, 1);
      const started = Date.now();
      running.child.kill('SIGTERM');
      for (;;) {
        const health = await fetch(`${running.url}/healthz`).catch(() => undefined);
        if (health === undefined || health.status === 503) break;
      }
      sink.release();
      expect((await turn).status).to.equal(200);
      expect(await running.exited).to.equal(0);
      expect(Date.now() - started).to.be.below(10_000);
      expect(running.logs.map((entry) => entry.msg)).to.include.members(['stopping', 'stopped']);
    });
  });

  context('when started without MicrosoftAppId', () => {
    it('prints exactly one warning line about local mode', async () => {
      running = await startBotProcess({ DATA_DIR: dataDir });
      const warnings = running.logs.filter((entry) => entry.level === 'warn');
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]!.msg)).to.include('local mode');
    });
  });

  context('when a second process opens the same DATA_DIR', () => {
    it('refuses to start with a clear message', async () => {
      running = await startBotProcess({ DATA_DIR: dataDir });
      const error = await startBotProcess({ DATA_DIR: dataDir }).then(
        () => undefined,
        (failure: Error) => failure,
      );
      expect(error?.message).to.match(/in use by process \d+/);
    });
  });
});
