import { once } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { DirectLineHarness } from './directLineHarness.ts';
import type { Received } from './directLineHarness.ts';

const HOUR = 60 * 60 * 1000;

interface ActivitySet {
  activities: Array<Record<string, unknown> & { id: string; text?: string; from: { id: string } }>;
  watermark: string;
}

describe('registerDirectLine over raw HTTP', () => {
  let harness: DirectLineHarness;

  before(async () => {
    harness = await DirectLineHarness.start();
  });
  afterEach(() => {
    harness.botMode = 'replies';
  });
  after(async () => {
    await harness.close();
  });

  const lastReceived = (): Received => {
    const last = harness.received.at(-1);
    if (!last) throw new Error('the bot received nothing');
    return last;
  };
  const activitiesPath = (conversationId: string): string => `/v3/directline/conversations/${conversationId}/activities`;

  describe('POST /directline/session', () => {
    it('binds a fresh dl_ user id and the tenant to a token', async () => {
      const first = await harness.session({ tenant: 'example-u' });
      const second = await harness.session({ tenant: 'example-u' });
      expect(first.userId).to.match(/^dl_[\w-]{16}$/);
      expect(second.userId).to.not.equal(first.userId);
      expect(first.expires_in).to.equal(3600);
    });

    it('rejects a tenant that is not a short id with 400', async () => {
      const response = await harness.post('/directline/session', { tenant: '../../etc' });
      expect(response.status).to.equal(400);
      expect(await response.json()).to.have.nested.property('error.code', 'BadArgument');
    });
  });

  describe('POST /v3/directline/conversations', () => {
    it('answers 201 and tells the bot that both it and the user joined', async () => {
      const { token, userId } = await harness.session({ locale: 'en-US' });
      const response = await harness.post('/v3/directline/conversations', {}, token);
      const body = (await response.json()) as { conversationId: string; streamUrl: string; expires_in: number };
      expect(response.status).to.equal(201);
      expect(body.streamUrl).to.match(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${body.conversationId}/stream\\?watermark=0&t=`));
      expect(lastReceived()).to.deep.include({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot' }, { id: userId }],
        recipient: { id: 'bot', role: 'bot' },
        locale: 'en-US',
        channelData: { tenant: 'demo-u' },
      });
    });

    it('gives a token bound to a conversation that conversation back, with 200', async () => {
      const { conversationId, token } = await harness.startConversation();
      const response = await harness.post('/v3/directline/conversations', {}, token);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.have.property('conversationId', conversationId);
    });

    for (const [name, authorization] of [['no', undefined], ['a forged', 'eyJhbGciOiJub25lIn0.eyJ1c2VyIjoieCJ9.']] as const) {
      it(`refuses ${name} token with 403 and a JSON error`, async () => {
        const response = await harness.post('/v3/directline/conversations', {}, authorization);
        expect(response.status).to.equal(403);
        expect(await response.json()).to.have.nested.property('error.code', 'TokenInvalid');
      });
    }
  });

  describe('POST /v3/directline/conversations/:id/activities', () => {
    it('stamps the token’s user and tenant over whatever the client claimed', async () => {
      const { conversationId, token, userId } = await harness.startConversation();
      const response = await harness.post(
        activitiesPath(conversationId),
        {
          type: 'message',
          text: 'hi',
          locale: 'en-US',
          from: { id: 'staff01', role: 'bot' },
          recipient: { id: 'someone' },
          channelId: 'msteams',
          serviceUrl: 'http://evil.example',
          channelData: { tenant: 'other-u', clientActivityID: 'c1', isStaff: true },
          id: 'mine',
          extra: 'dropped',
        },
        token,
      );
      const { id } = (await response.json()) as { id: string };
      expect(response.status).to.equal(200);
      expect(id).to.equal(`${conversationId}|0000002`);
      const received = harness.received.find((activity) => activity.id === id);
      expect(received).to.include({ type: 'message', text: 'hi', locale: 'en-US', channelId: 'directline' });
      expect(received?.from).to.deep.equal({ id: userId, role: 'user' });
      expect(received?.recipient).to.deep.equal({ id: 'bot', role: 'bot' });
      expect(received?.serviceUrl).to.equal(`${harness.baseUrl}/directline`);
      expect(received?.channelData).to.deep.equal({ tenant: 'demo-u', clientActivityID: 'c1' });
      expect(received).to.not.have.property('extra');
    });

    it('refuses another conversation’s token with 403', async () => {
      const mine = await harness.startConversation();
      const theirs = await harness.startConversation();
      const response = await harness.post(activitiesPath(theirs.conversationId), { type: 'message', text: 'x' }, mine.token);
      expect(response.status).to.equal(403);
      expect(await response.json()).to.have.nested.property('error.code', 'Forbidden');
    });

    const badBodies: Array<[string, string, string?]> = [
      ['invalid JSON', '{"type":'],
      ['a JSON array', '[{"type":"message"}]'],
      ['a JSON string', '"message"'],
      ['no type', '{"text":"hi"}'],
      ['an unknown type', '{"type":"invoke","name":"x"}'],
      ['a non-JSON body', 'type=message', 'text/plain'],
      ['attachments that are not a list', '{"type":"message","attachments":{"a":1}}'],
    ];
    for (const [name, body, contentType] of badBodies) {
      it(`answers ${name} with 400`, async () => {
        const { conversationId, token } = await harness.startConversation();
        const response = await harness.post(activitiesPath(conversationId), body, token, contentType);
        expect(response.status).to.equal(400);
      });
    }

    it('answers a body over 256 KiB with 413', async () => {
      const { conversationId, token } = await harness.startConversation();
      const response = await harness.post(activitiesPath(conversationId), { type: 'message', text: 'x'.repeat(300_000) }, token);
      expect(response.status).to.equal(413);
    });

    it('refuses an expired token with 403', async () => {
      const { conversationId, token } = await harness.startConversation();
      harness.advance(HOUR + 1000);
      const response = await harness.post(activitiesPath(conversationId), { type: 'message', text: 'late' }, token);
      expect(response.status).to.equal(403);
      expect((await harness.post('/v3/directline/tokens/refresh', {}, token)).status).to.equal(403);
    });

    it('answers 404 for a conversation that expired or never existed', async () => {
      const token = harness.sign({ user: 'dl_x', tenant: 'demo-u', conv: 'gone', scope: 'client' });
      const response = await harness.post(activitiesPath('gone'), { type: 'message', text: 'x' }, token);
      expect(response.status).to.equal(404);
      expect((await harness.get('/v3/directline/conversations/gone', token)).status).to.equal(404);
    });

    context('when the bot fails', () => {
      it('answers 502 BotError, and keeps the activity in the transcript', async () => {
        const { conversationId, token } = await harness.startConversation();
        harness.botMode = 'fails';
        const response = await harness.post(activitiesPath(conversationId), { type: 'message', text: 'anyone?' }, token);
        expect(response.status).to.equal(502);
        expect(await response.json()).to.have.nested.property('error.code', 'BotError');
        const { activities } = (await (await harness.get(activitiesPath(conversationId), token)).json()) as ActivitySet;
        expect(activities.map((activity) => activity.text)).to.deep.equal(['welcome', 'anyone?']);
      });
    });
  });

  describe('GET /v3/directline/conversations/:id/activities', () => {
    it('returns what came after the watermark, and the new watermark', async () => {
      const { conversationId, token } = await harness.startConversation();
      await harness.post(activitiesPath(conversationId), { type: 'message', text: 'one' }, token);
      const all = (await (await harness.get(activitiesPath(conversationId), token)).json()) as ActivitySet;
      const after = (await (await harness.get(`${activitiesPath(conversationId)}?watermark=2`, token)).json()) as ActivitySet;
      const none = (await (await harness.get(`${activitiesPath(conversationId)}?watermark=3`, token)).json()) as ActivitySet;
      expect(all.activities.map((activity) => activity.text)).to.deep.equal(['welcome', 'one', 'echo: one']);
      expect(all.watermark).to.equal('3');
      expect(after.activities.map((activity) => activity.text)).to.deep.equal(['echo: one']);
      expect(none).to.deep.equal({ activities: [], watermark: '3' });
    });

    it('answers a watermark that is not a number with 400', async () => {
      const { conversationId, token } = await harness.startConversation();
      expect((await harness.get(`${activitiesPath(conversationId)}?watermark=abc`, token)).status).to.equal(400);
    });
  });

  describe('GET /v3/directline/conversations/:id', () => {
    it('hands out a fresh token and a stream URL from the watermark', async () => {
      const { conversationId, token } = await harness.startConversation();
      const response = await harness.get(`/v3/directline/conversations/${conversationId}?watermark=1`, token);
      const body = (await response.json()) as { conversationId: string; token: string; streamUrl: string };
      expect(response.status).to.equal(200);
      expect(body.conversationId).to.equal(conversationId);
      expect(body.streamUrl).to.include('watermark=1&t=');
    });
  });

  describe('the bot’s reply endpoint', () => {
    const replyPath = (conversationId: string, suffix = ''): string => `/directline/v3/conversations/${conversationId}/activities${suffix}`;

    it('stamps the bot as sender and the user as recipient, and keeps what the bot sent', async () => {
      const { conversationId, token, userId } = await harness.startConversation();
      const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { $schema: 'x', type: 'AdaptiveCard' } };
      const response = await harness.post(replyPath(conversationId, '/abc%7C0000001'), {
        type: 'message',
        from: { id: 'anyone', name: 'Support', role: 'user' },
        attachments: [card],
        suggestedActions: { actions: [{ type: 'imBack', title: 'OK', value: 'ok' }] },
      });
      const { id } = (await response.json()) as { id: string };
      const { activities } = (await (await harness.get(activitiesPath(conversationId), token)).json()) as ActivitySet;
      const stored = activities.find((activity) => activity.id === id);
      expect(stored).to.deep.include({
        from: { id: 'bot', name: 'Support', role: 'bot' },
        recipient: { id: userId, role: 'user' },
        replyToId: 'abc|0000001',
        attachments: [card],
      });
    });

    it('answers 404 for an unknown conversation, for updates and for deletes', async () => {
      const { conversationId } = await harness.startConversation();
      expect((await harness.post(replyPath('nope'), { type: 'message' })).status).to.equal(404);
      const update = await fetch(`${harness.baseUrl}${replyPath(conversationId, '/x')}`, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
      const remove = await fetch(`${harness.baseUrl}${replyPath(conversationId, '/x')}`, { method: 'DELETE' });
      expect([update.status, remove.status]).to.deep.equal([404, 404]);
    });

    it('answers an activity without a type with 400', async () => {
      const { conversationId } = await harness.startConversation();
      expect((await harness.post(replyPath(conversationId), { text: 'no type' })).status).to.equal(400);
      expect((await harness.post(replyPath(conversationId), [1, 2])).status).to.equal(400);
    });

    it('refuses a request relayed by a proxy with 403', async () => {
      const { conversationId } = await harness.startConversation();
      const response = await fetch(`${harness.baseUrl}${replyPath(conversationId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
        body: JSON.stringify({ type: 'message', text: 'spoofed' }),
      });
      expect(response.status).to.equal(403);
    });
  });

  describe('the WebSocket stream', () => {
    const refusal = async (url: string): Promise<number | undefined> => {
      const socket = new WebSocket(url);
      const [request, response] = (await once(socket, 'unexpected-response')) as [ClientRequest, IncomingMessage];
      response.resume();
      request.destroy();
      return response.statusCode;
    };

    it('refuses a stream URL with a client token instead of a stream token', async () => {
      const { streamUrl, token } = await harness.startConversation();
      expect(await refusal(streamUrl.replace(/t=[^&]+/, `t=${token}`))).to.equal(403);
    });

    it('refuses another conversation’s stream token', async () => {
      const mine = await harness.startConversation();
      const theirs = await harness.startConversation();
      expect(await refusal(theirs.streamUrl.replace(/t=[^&]+/, new URL(mine.streamUrl).search.replace(/.*(t=[^&]+).*/, '$1')))).to.equal(403);
    });

    it('does not accept a stream token as a bearer token', async () => {
      const { conversationId, streamUrl } = await harness.startConversation();
      const streamToken = new URL(streamUrl).searchParams.get('t') ?? '';
      expect((await harness.get(activitiesPath(conversationId), streamToken)).status).to.equal(403);
    });

    it('replays the transcript on open, then pushes new activities with their watermark', async () => {
      const { conversationId, token, streamUrl } = await harness.startConversation();
      const socket = new WebSocket(streamUrl);
      const messages: ActivitySet[] = [];
      socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as ActivitySet));
      try {
        await once(socket, 'message');
        await harness.post(activitiesPath(conversationId), { type: 'message', text: 'live' }, token);
        while (messages.length < 3) await once(socket, 'message');
        expect(messages.map((message) => [message.activities.map((activity) => activity.text), message.watermark])).to.deep.equal([
          [['welcome'], '1'],
          [['live'], '2'],
          [['echo: live'], '3'],
        ]);
      } finally {
        socket.close();
      }
    });
  });
});
