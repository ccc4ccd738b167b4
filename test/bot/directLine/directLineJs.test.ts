import { expect } from 'chai';
import type { Activity } from 'botframework-directlinejs';
import { installBrowserGlobals, RecordingClient, withText } from './directLineClient.ts';
import { DirectLineHarness } from './directLineHarness.ts';

/** The local Direct Line as the official client (DirectLineJS, what Web Chat runs on) sees it. */
describe('registerDirectLine with the official DirectLineJS client', () => {
  let harness: DirectLineHarness;
  let restoreGlobals: () => void;
  const clients: RecordingClient[] = [];
  const client = (options: ConstructorParameters<typeof RecordingClient>[0]): RecordingClient => {
    const created = new RecordingClient({ domain: harness.domain, ...options });
    clients.push(created);
    return created;
  };

  before(async () => {
    restoreGlobals = installBrowserGlobals();
    harness = await DirectLineHarness.start();
  });
  afterEach(() => {
    for (const each of clients.splice(0)) each.close();
  });
  after(async () => {
    await harness.close();
    restoreGlobals();
  });

  context('over a WebSocket', () => {
    it('replays the welcome sent before the socket opened, then relays a message and its reply', async () => {
      const { token, userId } = await harness.session({ tenant: 'example-u', locale: 'en-US' });
      const chat = client({ token, webSocket: true });

      const welcome = await chat.waitFor(withText('welcome'));
      expect(welcome.from).to.deep.include({ id: 'bot', name: 'Support', role: 'bot' });
      expect(welcome.id).to.match(/\|0000001$/);

      const id = await chat.post({ type: 'message', text: 'hello', from: { id: 'someone-else' } });
      const echo = await chat.waitFor((activity) => activity.id === id);
      const reply = await chat.waitFor(withText('echo: hello'));

      expect(echo.from).to.deep.equal({ id: userId, role: 'user' });
      expect(echo.channelData).to.deep.include({ tenant: 'example-u' });
      expect(reply).to.have.property('replyToId', id);
      expect(chat.activities.map((activity) => activity.id)).to.deep.equal([welcome.id, id, reply.id]);
    });

    it('resumes a conversation by id, replaying only what came after the watermark', async () => {
      const first = client({ token: (await harness.session()).token, webSocket: true });
      await first.waitFor(withText('welcome'));
      const helloId = await first.post({ type: 'message', text: 'hello', from: { id: '' } });
      await first.waitFor(withText('echo: hello'));
      const conversationId = helloId.split('|')[0] ?? '';
      const token = await refreshedToken(first);
      first.close();

      const everything = client({ token, conversationId, webSocket: true });
      await everything.waitFor(withText('echo: hello'));
      expect(everything.activities.map(textOf)).to.deep.equal(['welcome', 'hello', 'echo: hello']);

      const later = client({ token, conversationId, watermark: '2', webSocket: true });
      await later.post({ type: 'message', text: 'again', from: { id: '' } });
      await later.waitFor(withText('echo: again'));
      expect(later.activities.map(textOf)).to.deep.equal(['echo: hello', 'again', 'echo: again']);
    });
  });

  context('polling', () => {
    it('receives the welcome and replies through GET activities with a watermark', async () => {
      const chat = client({ token: (await harness.session()).token, webSocket: false, pollingInterval: 200 });
      await chat.waitFor(withText('welcome'));
      await chat.post({ type: 'message', text: 'polled', from: { id: '' } });
      await chat.waitFor(withText('echo: polled'));
      expect(chat.activities.map(textOf)).to.deep.equal(['welcome', 'polled', 'echo: polled']);
    });
  });

  context('when the token is refreshed', () => {
    it('keeps the conversation working after the first token expired', async () => {
      const { conversationId, token } = await harness.startConversation();
      const refreshed = await harness.post('/v3/directline/tokens/refresh', {}, token);
      const { token: newToken } = (await refreshed.json()) as { token: string };
      harness.advance(50 * 60 * 1000);
      const later = await harness.post('/v3/directline/tokens/refresh', {}, newToken);
      const { token: newest } = (await later.json()) as { token: string };
      harness.advance(20 * 60 * 1000);

      const chat = client({ token: newest, conversationId, webSocket: true });
      await chat.post({ type: 'message', text: 'still here', from: { id: '' } });
      await chat.waitFor(withText('echo: still here'));
      expect((await harness.post(`/v3/directline/conversations/${conversationId}/activities`, { type: 'message' }, token)).status).to.equal(403);
    });
  });
});

function textOf(activity: Activity): string | undefined {
  return activity.type === 'message' ? activity.text : undefined;
}

/** A fresh conversation-bound token, as DirectLineJS's own refresh loop would get it. */
async function refreshedToken(chat: RecordingClient): Promise<string> {
  const current: unknown = Reflect.get(chat.directLine, 'token');
  if (typeof current !== 'string') throw new Error('the client has no token');
  const response = await fetch(`${Reflect.get(chat.directLine, 'domain') as string}/tokens/refresh`, {
    method: 'POST',
    headers: { authorization: `Bearer ${current}` },
  });
  return ((await response.json()) as { token: string }).token;
}
