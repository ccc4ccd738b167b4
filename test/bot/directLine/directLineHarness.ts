import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import restify from 'restify';
import type { Request, Response, Server } from 'restify';
import { registerDirectLine } from '../../../bot/directLine/directLine.ts';
import { TokenSigner } from '../../../bot/directLine/tokenSigner.ts';
import type { TokenClaims } from '../../../bot/directLine/tokenSigner.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

/** An activity as the fake bot received it (plain JSON). */
export type Received = Record<string, unknown> & {
  type: string;
  id: string;
  text?: string;
  serviceUrl: string;
  conversation: { id: string };
  from: { id: string; role?: string };
  channelData?: Record<string, unknown>;
};

export type BotHandler = (req: Request, res: Response) => Promise<void>;

/** How the fake bot behaves: replies like a botbuilder bot, or fails like one that is down. */
export type BotMode = 'replies' | 'fails';

/**
 * A restify server on 127.0.0.1:0 with the local Direct Line, a FileDocumentStore in a temp folder, a movable
 * clock and a fake bot at `/api/messages`. The bot answers a conversationUpdate with a welcome and a message
 * with `echo: <text>`, posting to `${serviceUrl}/v3/conversations/:id/activities/:replyToId` as botbuilder does.
 */
export class DirectLineHarness {
  readonly received: Received[] = [];
  botMode: BotMode = 'replies';
  baseUrl = '';
  private readonly secret = new Uint8Array(32).fill(7);
  private readonly channel: { close(): Promise<void> };

  private constructor(
    private readonly server: Server,
    private readonly store: FileDocumentStore,
    private readonly dir: string,
    private readonly time: { now: number },
    bot: BotHandler | undefined,
  ) {
    server.post('/api/messages', async (req: Request, res: Response) => await (bot ?? this.fakeBot.bind(this))(req, res));
    this.channel = registerDirectLine(server, {
      store,
      tokenSecret: this.secret,
      botEndpoint: () => `${this.baseUrl}/api/messages`,
      serviceUrl: () => `${this.baseUrl}/directline`,
      defaultTenant: 'demo-u',
      logger: silentLogger,
      clock: () => new Date(time.now),
    });
  }

  /** With `bot`, that handler serves `/api/messages` instead of the fake bot. */
  static async start(bot?: BotHandler): Promise<DirectLineHarness> {
    const dir = await mkdtemp(path.join(tmpdir(), 'directline-'));
    // The clock starts at the real now: the embedded store's TTL index purges by real time, reads by this clock.
    const time = { now: Date.now() };
    const store = await FileDocumentStore.open(dir, () => new Date(time.now));
    const server = restify.createServer();
    server.use(restify.plugins.queryParser());
    server.use(restify.plugins.bodyParser({ maxBodySize: 262144, mapParams: false }));
    const harness = new DirectLineHarness(server, store, dir, time, bot);
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    harness.baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return harness;
  }

  get domain(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  /** Moves the channel's and the store's clock forward. */
  advance(ms: number): void {
    this.time.now += ms;
  }

  /** A token signed with the channel's key, for cases the HTTP API cannot produce. */
  sign(claims: TokenClaims): string {
    return new TokenSigner(this.secret, () => new Date(this.time.now)).issue(claims).token;
  }

  async session(body: Record<string, unknown> = {}): Promise<{ token: string; userId: string; expires_in: number }> {
    return (await (await this.post('/directline/session', body)).json()) as { token: string; userId: string; expires_in: number };
  }

  async startConversation(
    sessionToken?: string,
  ): Promise<{ conversationId: string; token: string; streamUrl: string; userId: string }> {
    const session = sessionToken ? { token: sessionToken, userId: '' } : await this.session();
    const response = await this.post('/v3/directline/conversations', {}, session.token);
    const body = (await response.json()) as { conversationId: string; token: string; streamUrl: string };
    return { ...body, userId: session.userId };
  }

  async post(url: string, body: unknown, token?: string, contentType = 'application/json'): Promise<globalThis.Response> {
    return await fetch(`${this.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async get(url: string, token?: string): Promise<globalThis.Response> {
    return await fetch(`${this.baseUrl}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }

  async close(): Promise<void> {
    await this.channel.close();
    this.server.server.closeAllConnections();
    this.server.close();
    await this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async fakeBot(req: Request, res: Response): Promise<void> {
    const activity = req.body as Received;
    this.received.push(activity);
    if (this.botMode === 'fails') {
      res.send(500);
      return;
    }
    const reply =
      activity.type === 'conversationUpdate'
        ? { type: 'message', text: 'welcome', from: { id: 'bot', name: 'Support' } }
        : activity.type === 'message'
          ? { type: 'message', text: `echo: ${activity.text ?? ''}`, from: { id: 'bot' } }
          : undefined;
    if (reply) {
      const url = `${activity.serviceUrl}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities/${encodeURIComponent(activity.id)}`;
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
      if (!answer.ok) throw new Error(`the channel refused the reply: ${answer.status}`);
    }
    res.send(200);
  }
}
