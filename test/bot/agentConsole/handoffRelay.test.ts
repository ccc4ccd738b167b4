import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compose } from '../../../bot/composition.ts';
import type { App } from '../../../bot/composition.ts';
import { loadConfig } from '../../../bot/config.ts';
import { BotClient } from '../../helpers/botClient.ts';
import { ReplySink } from '../../helpers/replySink.ts';
import type { SinkActivity } from '../../helpers/replySink.ts';
import { createI18n } from '../../../services/i18n/i18n.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { AgentClient } from './agentClient.ts';

const i18n = createI18n();
const en = i18n.getFixedT('en');
const ja = i18n.getFixedT('ja');
const hub = { ...builtInDemoTenant, id: 'hub-u', handoffHub: 'external' as const };

interface Conversations {
  conversations: Array<{ id: string; state: string; position: number }>;
}

describe('the handoff relay on a real server (injected clock)', function () {
  this.timeout(60_000);
  const sink = new ReplySink();
  let serviceUrl: string;
  let dataDir: string;
  let app: App;
  let url: string;
  // Ahead of the real clock: the embedded store's physical TTL sweep runs on real time and would end sessions set in the past.
  let now = new Date(Date.now() + 86_400_000);
  let agent: AgentClient;

  const user = (locale: 'en-US' | 'ja-JP', tenant?: string): BotClient => new BotClient(url, serviceUrl, { locale, ...(tenant ? { tenant } : {}) });
  const texts = (replies: SinkActivity[]): Array<string | undefined> => replies.map((reply) => reply.text);
  const advance = (minutes: number): void => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  before(async () => {
    serviceUrl = await sink.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-relay-'));
    const tenantsFile = path.join(dataDir, 'tenants.json');
    await writeFile(tenantsFile, JSON.stringify({ tenants: [builtInDemoTenant, hub], default: builtInDemoTenant.id }));
    app = await compose(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TENANTS_FILE: tenantsFile }), { logger: silentLogger, clock: () => new Date(now) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
    agent = new AgentClient(url);
    await agent.login('agent01', 'demo-agent-01');
  });
  after(async () => {
    await app.stop();
    await sink.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function queueUp(client: BotClient, position: number, locale: 'en' | 'ja' = 'en'): Promise<void> {
    const t = locale === 'en' ? en : ja;
    await client.say(locale === 'en' ? 'talk to a person' : '担当者と話したい');
    const [queued] = await sink.waitFor(client.conversationId, 1);
    expect(queued!.text).to.equal(t('handoff:queued', { position, estimate: t('handoff:estimate.few') }));
  }

  /** The one conversation waiting in the queue. */
  async function queuedId(): Promise<string> {
    const { status, body } = await agent.get<Conversations>('/conversations');
    expect(status, JSON.stringify(body)).to.equal(200);
    const queued = body.conversations.filter((entry) => entry.state === 'queued');
    expect(queued).to.have.length(1);
    return queued[0]!.id;
  }

  it('answers a queued user with the position, lets 「やめる」 leave the line, and tells the next user they moved up', async () => {
    const first = user('ja-JP');
    const second = user('en-US');
    await queueUp(first, 1, 'ja');
    await queueUp(second, 2);
    await second.say('hello? anyone?');
    expect(texts(await sink.waitFor(second.conversationId, 1, 1))).to.deep.equal([en('handoff:stillQueued', { position: 2 })]);

    await first.say('やめる');
    const [left, menu] = await sink.waitFor(first.conversationId, 2, 1);
    expect([left!.text, menu!.text]).to.deep.equal([ja('handoff:left'), ja('common:anythingElse')]);
    const [moved] = await sink.waitFor(second.conversationId, 1, 2);
    expect(moved!.text).to.equal(en('handoff:moved', { position: 1, estimate: en('handoff:estimate.few') }));
    await second.say('cancel');
    await sink.waitFor(second.conversationId, 2, 3);
  });

  it('past the wait timeout (swept after the clock moved) offers the message form', async () => {
    const waiting = user('en-US');
    await queueUp(waiting, 1);
    advance(9);
    await app.agentConsole.relay.runTimers();
    advance(2);
    await app.agentConsole.relay.runTimers();
    const [expired, offer] = await sink.waitFor(waiting.conversationId, 2, 1);
    expect([expired!.text, offer!.text]).to.deep.equal([en('handoff:expired'), en('handoff:form.offer')]);
    expect(sink.of(waiting.conversationId), 'nothing said at 9 minutes').to.have.length(3);
    await waiting.press({ action: 'choice', value: 'yes' });
    expect(texts(await sink.waitFor(waiting.conversationId, 1, 3))).to.deep.equal([en('handoff:form.askEmail')]);
  });

  it('gives the conversation back to the bot when the agent stays silent past the idle timeout', async () => {
    const client = user('en-US');
    await queueUp(client, 1);
    const id = await queuedId();
    expect((await agent.post(`/conversations/${id}/accept`)).status).to.equal(200);
    await sink.waitFor(client.conversationId, 1, 1);
    advance(16);
    await app.agentConsole.relay.runTimers();
    const [gone, menu] = await sink.waitFor(client.conversationId, 2, 2);
    expect([gone!.text, menu!.text]).to.deep.equal([en('handoff:abandoned'), en('common:anythingElse')]);
    expect((await agent.get<{ state: string }>(`/conversations/${id}`)).body.state).to.equal('abandoned');
  });

  context('for a tenant wired to an external contact-center hub', () => {
    it('emits handoff.initiate with the redacted transcript and honours handoff.status accepted and completed', async () => {
      const client = user('en-US', hub.id);
      await client.say('Abcd1234xy');
      await sink.waitFor(client.conversationId, 1);
      const before = sink.of(client.conversationId).length;
      await client.say('talk to a person');
      const [initiate, connecting] = await sink.waitFor(client.conversationId, 2, before);
      expect(initiate).to.include({ type: 'event', name: 'handoff.initiate' });
      const transcript = JSON.stringify((initiate!.attachments ?? [])[0]);
      expect(transcript).to.include('talk to a person');
      expect(transcript).not.to.include('Abcd1234xy');
      expect(connecting!.text).to.equal(en('handoff:external.connecting'));

      await client.send({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } });
      await client.say('are you the agent?');
      await client.send({ type: 'event', name: 'handoff.status', value: { state: 'completed' } });
      const [back, menu, rating] = await sink.waitFor(client.conversationId, 3, before + 2);
      expect([back!.text, menu!.text, rating!.text]).to.deep.equal([en('handoff:returned'), en('common:anythingElse'), en('handoff:rating.question')]);
    });

    it('offers the message form when the hub answers failed', async () => {
      const client = user('en-US', hub.id);
      await client.say('talk to a person');
      await sink.waitFor(client.conversationId, 2);
      await client.send({ type: 'event', name: 'handoff.status', value: { state: 'failed' } });
      const [failed, offer] = await sink.waitFor(client.conversationId, 2, 2);
      expect([failed!.text, offer!.text]).to.deep.equal([en('handoff:external.failed'), en('handoff:form.offer')]);
    });
  });
});
