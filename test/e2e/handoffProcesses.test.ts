import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AgentClient } from '../bot/agentConsole/agentClient.ts';
import { BotClient } from '../helpers/botClient.ts';
import { startBotProcess } from '../helpers/botProcess.ts';
import type { BotProcess } from '../helpers/botProcess.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { createI18n } from '../../services/i18n/i18n.ts';

const t = createI18n().getFixedT('en');
const mongoUri = process.env.MONGODB_URI;

interface Conversations {
  conversations: Array<{ id: string; state: string }>;
}
interface Detail {
  state: string;
  transcript: Array<{ from: string; text: string }>;
  ratings: Array<{ score: number }>;
}

/** Stops a bot process gracefully and waits for it to exit. */
async function stop(running: BotProcess): Promise<void> {
  if (running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  await running.exited;
}

let clients = 0;

/**
 * The same user and conversation, served by whichever process `url` names. Activity ids continue past the
 * earlier client's, as a channel's would (a repeated id is taken for a redelivery and not run again).
 */
function userOn(url: string, serviceUrl: string, conversationId: string): BotClient {
  const user = new BotClient(url, serviceUrl, { locale: 'en-US' });
  clients += 1;
  Object.assign(user, { conversationId, sequence: clients * 1000 });
  return user;
}

describe('a live handoff across bot processes (nothing of it only in one process)', function () {
  this.timeout(120_000);
  const sink = new ReplySink();
  let serviceUrl: string;
  let dataDir: string;
  const running: BotProcess[] = [];

  before(async () => {
    serviceUrl = await sink.start();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-processes-'));
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) await stop(bot);
    await rm(dataDir, { recursive: true, force: true });
  });
  after(async () => {
    await sink.stop();
  });

  it('queues on A, is accepted and answered through B after A stopped, and continues on a new A after B stopped', async () => {
    const a = await startBotProcess({ DATA_DIR: dataDir });
    running.push(a);
    const sato = new AgentClient(a.url);
    expect((await sato.login('agent01', 'demo-agent-01')).status).to.equal(200);
    const user = new BotClient(a.url, serviceUrl, { locale: 'en-US' });
    await user.say('talk to a person');
    const [queued] = await sink.waitFor(user.conversationId, 1);
    expect(queued!.text).to.equal(t('handoff:queued', { position: 1, estimate: t('handoff:estimate.few') }));
    await stop(a);

    const b = await startBotProcess({ DATA_DIR: dataDir });
    running.push(b);
    const agentOnB = new AgentClient(b.url);
    await agentOnB.login('agent01', 'demo-agent-01');
    const { body } = await agentOnB.get<Conversations>('/conversations');
    const [waiting] = body.conversations;
    expect(waiting).to.include({ state: 'queued' });
    expect((await agentOnB.post(`/conversations/${waiting!.id}/accept`)).status).to.equal(200);
    const [joined] = await sink.waitFor(user.conversationId, 1, 1);
    expect(joined!.text).to.equal(t('handoff:joined', { name: 'Sato' }));
    await agentOnB.post(`/conversations/${waiting!.id}/messages`, { text: 'Hello, this is Sato.' });
    const [hello] = await sink.waitFor(user.conversationId, 1, 2);
    expect(hello!.text).to.equal('Hello, this is Sato.');
    await userOn(b.url, serviceUrl, user.conversationId).say('Thanks, my key never arrived.');
    expect((await agentOnB.post(`/conversations/${waiting!.id}/return`)).status).to.equal(200);
    const [back, menu, rating] = await sink.waitFor(user.conversationId, 3, 3);
    expect([back!.text, menu!.text, rating!.text]).to.deep.equal([t('handoff:returned'), t('common:anythingElse'), t('handoff:rating.question')]);
    await stop(b);

    const again = await startBotProcess({ DATA_DIR: dataDir });
    running.push(again);
    await userOn(again.url, serviceUrl, user.conversationId).press({ action: 'rateHandoff', score: 5, round: 1 });
    const [thanks] = await sink.waitFor(user.conversationId, 1, 6);
    expect(thanks!.text).to.equal(t('handoff:rating.thanks'));
    const agentAgain = new AgentClient(again.url);
    await agentAgain.login('agent01', 'demo-agent-01');
    const detail = await agentAgain.get<Detail>(`/conversations/${waiting!.id}`);
    expect(detail.body.ratings.map((rated) => rated.score)).to.deep.equal([5]);
    expect(detail.body.transcript.map((line) => [line.from, line.text])).to.deep.include.members([
      ['agent', 'Hello, this is Sato.'],
      ['user', 'Thanks, my key never arrived.'],
    ]);
  });

  const maybeIt = mongoUri ? it : it.skip;
  if (!mongoUri) process.stdout.write('      (skipping the simultaneous A+B handoff test: MONGODB_URI is not set, and the embedded store serves one process)\n');
  maybeIt('relays between a user on A and an agent on B running at the same time (MongoDB)', async () => {
    const database = `handoff_${Date.now()}`;
    const env = { DATA_DIR: dataDir, MONGODB_URI: mongoUri!, MONGODB_DB: database };
    const a = await startBotProcess(env);
    const b = await startBotProcess(env);
    running.push(a, b);
    const agent = new AgentClient(b.url);
    await agent.login('agent01', 'demo-agent-01');
    const user = new BotClient(a.url, serviceUrl, { locale: 'en-US' });
    await user.say('talk to a person');
    await sink.waitFor(user.conversationId, 1);
    const { body } = await agent.get<Conversations>('/conversations');
    const mine = body.conversations.find((conversation) => conversation.state === 'queued')!;
    expect((await agent.post(`/conversations/${mine.id}/accept`)).status).to.equal(200);
    await sink.waitFor(user.conversationId, 1, 1);
    await user.say('Is anyone there?');
    await agent.post(`/conversations/${mine.id}/messages`, { text: 'Yes, I am here.' });
    const [answer] = await sink.waitFor(user.conversationId, 1, 2);
    expect(answer!.text).to.equal('Yes, I am here.');
  });
});
