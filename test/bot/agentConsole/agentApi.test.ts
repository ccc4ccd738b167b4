import { expect } from 'chai';
import { BotClient } from '../../helpers/botClient.ts';
import { ReplySink } from '../../helpers/replySink.ts';
import { startTestApp } from '../../helpers/testApp.ts';
import type { RunningApp } from '../../helpers/testApp.ts';
import { createI18n } from '../../../services/i18n/i18n.ts';
import { AgentClient } from './agentClient.ts';

const t = createI18n().getFixedT('en');

interface ConversationList {
  conversations: Array<{ id: string; state: string; position: number; waitSeconds: number; preview: string; agentName?: string }>;
}
interface Detail {
  state: string;
  transcript: Array<{ from: string; text: string; name?: string }>;
  journey: { steps: string[] };
  notes: Array<{ by: string; text: string }>;
  ratings: Array<{ score: number; comment?: string }>;
}

describe('the agent API over HTTP', function () {
  this.timeout(60_000);
  const sink = new ReplySink();
  let serviceUrl: string;
  let running: RunningApp;

  before(async () => {
    serviceUrl = await sink.start();
    running = await startTestApp();
  });
  after(async () => {
    await running.stop();
    await sink.stop();
  });

  describe('POST /agent/api/login', () => {
    it('answers 401 with the same body for an unknown id and a wrong password', async () => {
      const unknown = await new AgentClient(running.url).login('nobody', 'demo-agent-01');
      const wrong = await new AgentClient(running.url).login('agent01', 'not-the-password');
      expect([unknown.status, wrong.status]).to.deep.equal([401, 401]);
      expect(await unknown.json()).to.deep.equal(await wrong.json());
      expect(unknown.headers.get('set-cookie')).to.equal(null);
    });

    it('answers 200 with the agent and a CSRF token, and sets an HttpOnly SameSite=Strict cookie on /agent', async () => {
      const agent = new AgentClient(running.url);
      const response = await agent.login('agent01', 'demo-agent-01');
      expect(response.status).to.equal(200);
      expect(await response.json()).to.include({ id: 'agent01', name: 'Sato', role: 'agent' });
      expect(agent.csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
      const flags = agent.setCookie!.split(';').map((part) => part.trim());
      expect(flags[0]).to.match(/^agent_session=[A-Za-z0-9_-]{43}$/);
      expect(flags).to.include.members(['HttpOnly', 'SameSite=Strict', 'Path=/agent']);
      expect(flags, 'no Secure flag over plain http without an https PUBLIC_URL').not.to.include('Secure');
      const me = await agent.get('/me');
      expect(me.body).to.include({ id: 'agent01', presence: 'online', csrfToken: agent.csrfToken });
      await agent.post('/logout');
    });
  });

  describe('CSRF and sessions', () => {
    it('refuses a mutating call without the X-CSRF-Token header (403) and any call without a session (401)', async () => {
      const agent = new AgentClient(running.url);
      await agent.login('agent01', 'demo-agent-01');
      expect((await agent.send('PUT', '/presence', { presence: 'away' }, { csrf: false })).status).to.equal(403);
      expect((await agent.get('/me')).body.presence).to.equal('online');
      expect((await agent.send('PUT', '/presence', { presence: 'away' })).body).to.deep.equal({ presence: 'away' });
      expect((await agent.send('PUT', '/presence', { presence: 'busy' })).status).to.equal(400);
      const stranger = new AgentClient(running.url);
      expect((await stranger.get('/conversations')).status).to.equal(401);
      expect((await agent.post('/logout')).status).to.equal(204);
      expect((await agent.get('/me')).status, 'the session ended').to.equal(401);
    });
  });

  describe('a handoff from the user\'s side to the agent and back', () => {
    it('queues the user, lets one of two racing agents accept (409 for the other), relays both ways, returns and stores the rating', async () => {
      const sato = new AgentClient(running.url);
      const tanaka = new AgentClient(running.url);
      await sato.login('agent01', 'demo-agent-01');
      await tanaka.login('super01', 'demo-super-01');
      const user = new BotClient(running.url, serviceUrl, { locale: 'en-US' });

      await user.press({ action: 'menu', topic: 'browsers' });
      const [question] = await sink.waitFor(user.conversationId, 1);
      await user.say('talk to a person');
      const [queued] = await sink.waitFor(user.conversationId, 1, 1);
      expect(queued!.text).to.equal(t('handoff:queued', { position: 1, estimate: t('handoff:estimate.few') }));

      const list = await sato.get<ConversationList>('/conversations');
      const entry = list.body.conversations.find((conversation) => conversation.state === 'queued');
      expect(entry).to.include({ position: 1 });
      const detail = await sato.get<Detail>(`/conversations/${entry!.id}`);
      expect(detail.body.transcript.map((line) => [line.from, line.text])).to.deep.include(['user', 'talk to a person']);
      expect(detail.body.journey.steps[0]).to.match(/^mainDialog/);

      const race = await Promise.all([sato.post(`/conversations/${entry!.id}/accept`), tanaka.post(`/conversations/${entry!.id}/accept`)]);
      expect(race.map((result) => result.status).sort()).to.deep.equal([200, 409]);
      expect(race.find((result) => result.status === 409)!.body).to.deep.equal({ error: 'taken' });
      const owner = race[0]!.status === 200 ? sato : tanaka;
      const ownerName = race[0]!.status === 200 ? 'Sato' : 'Tanaka';
      const [joined] = await sink.waitFor(user.conversationId, 1, 2);
      expect(joined!.text).to.equal(t('handoff:joined', { name: ownerName }));

      await user.say('My confirmation mail never came. <img src=x onerror=alert(1)>');
      expect((await owner.post(`/conversations/${entry!.id}/messages`, { text: 'Let me check that for you.' })).status).to.equal(202);
      const [relayed] = await sink.waitFor(user.conversationId, 1, 3);
      expect(relayed!.text, 'the user message got no bot reply in between').to.equal('Let me check that for you.');
      expect((await owner.post(`/conversations/${entry!.id}/notes`, { text: 'asked about mail' })).status).to.equal(201);
      const during = await owner.get<Detail>(`/conversations/${entry!.id}`);
      expect(during.body.transcript.map((line) => [line.from, line.text])).to.deep.include.members([
        ['user', 'My confirmation mail never came. <img src=x onerror=alert(1)>'],
        ['agent', 'Let me check that for you.'],
      ]);
      expect(during.body.notes.map((note) => note.text)).to.deep.equal(['asked about mail']);
      const other = owner === sato ? tanaka : sato;
      if (other === sato) expect((await sato.post(`/conversations/${entry!.id}/messages`, { text: 'x' })).status).to.equal(404);

      expect((await owner.post(`/conversations/${entry!.id}/return`)).status).to.equal(200);
      const [back, resumed, rating] = await sink.waitFor(user.conversationId, 3, 4);
      expect(back!.text).to.equal(t('handoff:returned'));
      expect(resumed!.text, 'the interrupted step is asked again').to.equal(question!.text);
      expect(rating!.text).to.equal(t('handoff:rating.question'));

      await user.press({ action: 'rateHandoff', score: 4, round: 1, comment: 'quick help' });
      const [thanks] = await sink.waitFor(user.conversationId, 1, 7);
      expect(thanks!.text).to.equal(t('handoff:rating.thanks'));
      const rated = await owner.get<Detail>(`/conversations/${entry!.id}`);
      expect(rated.body.state).to.equal('bot');
      expect(rated.body.ratings.map(({ score, comment }) => ({ score, comment }))).to.deep.equal([{ score: 4, comment: 'quick help' }]);
    });

    it('shows the agent the verification record and the verified account\'s masked status', async () => {
      const sato = new AgentClient(running.url);
      await sato.login('agent01', 'demo-agent-01');
      const user = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
      for (const text of ['第2パスワードを忘れました', '在学生', 's1234567', 'taro@example-u.ac.jp']) await user.say(text);
      await user.say('担当者と話したい');
      const { body } = await sato.get<ConversationList>('/conversations');
      const queued = body.conversations.filter((conversation) => conversation.state === 'queued');
      expect(queued).to.have.length(1);
      const detail = await sato.get<{ verification: { passed: string[]; attempts: number; at: string }; account: { maskedEmail: string; loginId?: string } | null; journey: { steps: string[] } }>(`/conversations/${queued[0]!.id}`);
      expect(detail.body.verification).to.include({ attempts: 1 });
      expect(detail.body.verification.passed).to.have.members(['loginId', 'email']);
      expect(detail.body.account!.maskedEmail).to.match(/\*/);
      expect(JSON.stringify(detail.body.account)).not.to.include('taro@example-u.ac.jp');
      await user.say('やめる');
    });
  });
});
