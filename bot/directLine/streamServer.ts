import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../services/log/logger.ts';
import type { ActivityHub, HubEvent } from './activityHub.ts';
import type { ChannelActivity } from './channelActivity.ts';
import type { ConversationStore } from './conversationStore.ts';
import type { TokenSigner } from './tokenSigner.ts';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([\w-]{1,64})\/stream$/;
/** Server-side pings find sockets whose peer vanished (phones going to sleep) and free them. */
const PING_INTERVAL_MS = 30_000;

/**
 * The conversation's WebSocket stream (`streamUrl`). On open it first replays what was stored after the
 * client's watermark (everything, on a first connection: the welcome was sent before the socket existed),
 * then pushes each new activity as `{ activities, watermark }`.
 */
export class StreamServer {
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly httpServer: HttpServer,
    private readonly signer: TokenSigner,
    private readonly conversations: ConversationStore,
    private readonly hub: ActivityHub,
    private readonly logger: Logger,
  ) {
    httpServer.on('upgrade', this.onUpgrade);
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS).unref();
  }

  async close(): Promise<void> {
    this.httpServer.off('upgrade', this.onUpgrade);
    clearInterval(this.pinger);
    for (const socket of this.sockets.clients) socket.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  /* Other paths are left alone for other upgrade listeners. */
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const conversationId = STREAM_PATH.exec(url.pathname)?.[1];
    if (!conversationId) return;
    const claims = this.signer.verify(url.searchParams.get('t') ?? '', 'stream');
    if (!claims || claims.conv !== conversationId) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const watermark = /^\d{1,9}$/.test(url.searchParams.get('watermark') ?? '') ? Number(url.searchParams.get('watermark')) : 0;
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      this.serve(ws, conversationId, watermark).catch((error: unknown) => {
        this.logger.error('direct line stream failed', { conversationId, error });
        ws.close(1011);
      });
    });
  };

  private async serve(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    // Subscribe before reading the store, and hold live events until the replay is done: nothing stored
    // in between is lost, and the sequence number drops what both paths saw.
    let sent = watermark;
    let held: HubEvent[] | null = [];
    const send = (activities: ChannelActivity[], seq: number): void => {
      sent = seq;
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ activities, watermark: String(seq) }));
    };
    const unsubscribe = this.hub.subscribe(conversationId, (event) => {
      if (held) held.push(event);
      else if (event.seq > sent) send([event.activity], event.seq);
    });
    ws.on('close', unsubscribe);
    while (ws.readyState === WebSocket.OPEN) {
      const page = await this.conversations.listAfter(conversationId, sent);
      if (page.activities.length === 0) break;
      send(page.activities, page.watermark);
    }
    const late = held.filter((event) => event.seq > sent);
    held = null;
    if (late.length > 0) send(late.map((event) => event.activity), late.at(-1)?.seq ?? sent);
  }

  private ping(): void {
    for (const ws of this.sockets.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}
