import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { text } from 'node:stream/consumers';
import { expect } from 'chai';
import { ConnectorClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { ConnectorSendError, withDirectSends } from '../../bot/connectorSends.ts';
import { closeNow, listenLocally } from '../helpers/localHttp.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A Bot Connector stand-in: records every request and answers from a script (then 200 `{ id }`). */
class Connector {
  readonly seen: Seen[] = [];
  answers: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void text(req).then((raw) => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
        const answer = this.answers.shift() ?? { status: 200, body: JSON.stringify({ id: `reply-${this.seen.length}` }) };
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    return await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    closeNow(this.server);
  }
}

/** Credentials that sign as AppCredentials does once it holds a token. */
const signing = {
  signRequest: async (webResource: { headers: { set(name: string, value: string): void } }) => {
    webResource.headers.set('Authorization', 'Bearer token-from-credentials');
    return webResource;
  },
};

/** A reply as the bot sends them: a card with a fallback text, locale, a reference to the user's activity. */
const reply = (conversationId: string): Partial<Activity> => ({
  type: 'message',
  text: '第2パスワードの再設定ですね。',
  locale: 'ja-JP',
  inputHint: 'acceptingInput',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'メニュー' }] } }],
  channelData: { handoff: { from: 'bot' } },
  serviceUrl: 'http://example.invalid',
  channelId: 'directline',
  from: { id: 'bot', name: 'Bot' },
  recipient: { id: 'user-1', name: 'User' },
  conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '', tenantId: 't' },
  replyToId: 'activity/1',
});

describe('direct Bot Connector sends (bot/connectorSends.ts)', () => {
  const connector = new Connector();
  let url = '';
  const clientFor = (base: string): ConnectorClient => new ConnectorClient(signing as never, { baseUri: base });

  before(async () => {
    url = await connector.start();
  });
  after(async () => await connector.stop());
  beforeEach(() => {
    connector.seen.length = 0;
    connector.answers = [];
  });

  it('makes the request the SDK client makes: path, method, Authorization from the credentials, the same activity', async () => {
    const conversationId = 'a:1/b?c#d e|f';
    const sdk = clientFor(url);
    const sdkAnswer = await sdk.conversations.replyToActivity(conversationId, 'activity/1', reply(conversationId) as Activity);
    const direct = withDirectSends(clientFor(url), url, { retryDelayMs: 1 });
    const directAnswer = await direct.conversations.replyToActivity(conversationId, 'activity/1', reply(conversationId) as Activity);

    const [fromSdk, fromDirect] = connector.seen;
    expect(fromDirect!.method).to.equal(fromSdk!.method).and.equal('POST');
    expect(fromDirect!.url).to.equal(fromSdk!.url).and.equal(`/v3/conversations/${encodeURIComponent(conversationId)}/activities/activity%2F1`);
    expect(fromDirect!.headers.authorization).to.equal(fromSdk!.headers.authorization).and.equal('Bearer token-from-credentials');
    expect(fromDirect!.headers['content-type']).to.equal(fromSdk!.headers['content-type']);
    expect(fromDirect!.headers['x-ms-conversation-id']).to.equal(fromSdk!.headers['x-ms-conversation-id']).and.equal(conversationId);
    expect(fromDirect!.body).to.deep.equal(fromSdk!.body);
    expect(sdkAnswer.id).to.equal('reply-1');
    expect(directAnswer).to.deep.equal({ id: 'reply-2' });
  });

  it('replies in a conversation whose id is not a valid header value (the SDK client throws before sending)', async () => {
    const direct = withDirectSends(clientFor(url), url, { retryDelayMs: 1 });
    await direct.conversations.replyToActivity('会話-1', 'x', { type: 'message', text: 'hi' } as Activity);
    expect(connector.seen.map((request) => request.url)).to.deep.equal([`/v3/conversations/${encodeURIComponent('会話-1')}/activities/x`]);
    expect(connector.seen[0]!.headers).not.to.have.property('x-ms-conversation-id');
  });

  it('sends to a conversation at the service URL path, with or without a trailing slash', async () => {
    const direct = withDirectSends(clientFor(`${url}/channel/`), `${url}/channel/`, { retryDelayMs: 1 });
    await direct.conversations.sendToConversation('conv-1', { type: 'typing' } as Activity);
    expect(connector.seen.map((request) => [request.method, request.url])).to.deep.equal([['POST', '/channel/v3/conversations/conv-1/activities']]);
    expect(connector.seen[0]!.body).to.deep.equal({ type: 'typing' });
  });

  it('waits as Retry-After says and tries again on 429 and 503, as the SDK does', async () => {
    connector.answers = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': '0' } },
    ];
    const direct = withDirectSends(clientFor(url), url, { retryDelayMs: 1 });
    const answer = await direct.conversations.sendToConversation('conv-2', { type: 'message', text: 'hi' } as Activity);
    expect(answer).to.deep.equal({ id: 'reply-3' });
    expect(connector.seen).to.have.length(3);
  });

  it('fails at once on a refusal (400, 401, 403, 404): no retry, the status in the error', async () => {
    for (const status of [400, 401, 403, 404]) {
      connector.seen.length = 0;
      connector.answers = [{ status, body: '{"error":{"code":"BadArgument"}}' }];
      const direct = withDirectSends(clientFor(url), url, { retryDelayMs: 1 });
      const error = await direct.conversations.sendToConversation('conv-3', { type: 'message', text: 'hi' } as Activity).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error, String(status)).to.be.instanceOf(ConnectorSendError);
      expect((error as ConnectorSendError).statusCode).to.equal(status);
      expect((error as Error).message).to.include('BadArgument');
      expect(connector.seen).to.have.length(1);
    }
  });

  it('gives up after the retries when the Bot Connector keeps failing', async () => {
    connector.answers = Array.from({ length: 5 }, () => ({ status: 500 }));
    const direct = withDirectSends(clientFor(url), url, { retries: 2, retryDelayMs: 1 });
    const error = await direct.conversations.sendToConversation('conv-4', { type: 'message', text: 'hi' } as Activity).catch((failure: unknown) => failure);
    expect((error as ConnectorSendError).statusCode).to.equal(500);
    expect(connector.seen).to.have.length(3);
  });

  it('retries a refused connection, then reports it with status 0', async () => {
    const closed = new Connector();
    const closedUrl = await closed.start();
    await closed.stop();
    const direct = withDirectSends(clientFor(closedUrl), closedUrl, { retries: 1, retryDelayMs: 1 });
    const error = await direct.conversations.sendToConversation('conv-5', { type: 'message', text: 'hi' } as Activity).catch((failure: unknown) => failure);
    expect(error).to.be.instanceOf(ConnectorSendError);
    expect((error as ConnectorSendError).statusCode).to.equal(0);
    expect((error as Error).message).to.include('ECONNREFUSED');
  });

  it('leaves every other operation, and sends with the older options argument, to the SDK client', async () => {
    const direct = withDirectSends(clientFor(url), url, { retryDelayMs: 1 });
    await direct.conversations.updateActivity('conv-6', 'reply-1', { type: 'message', text: 'edited' } as Activity);
    await direct.conversations.sendToConversation('conv-6', { type: 'message', text: 'with options' } as Activity, { customHeaders: { 'x-extra': 'yes' } } as never);
    expect(connector.seen.map((request) => [request.method, request.url])).to.deep.equal([
      ['PUT', '/v3/conversations/conv-6/activities/reply-1'],
      ['POST', '/v3/conversations/conv-6/activities'],
    ]);
    expect(connector.seen[1]!.headers['x-extra']).to.equal('yes');
    expect(direct.credentials).to.equal(signing);
  });
});
