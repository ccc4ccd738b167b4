import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { text } from 'node:stream/consumers';
import { closeNow, listenLocally } from '../helpers/localHttp.ts';

/**
 * The channel side of the bench: the bot posts its replies here (`serviceUrl`). Unlike the tests' ReplySink it keeps
 * no activities (10,000 conversations would fill the bench's own memory); it notes, per conversation, when the first
 * reply a user would read (anything but a typing indicator) arrived after the turn began, and when the last one did
 * (the turn's answer: after an identity check the first reply is its "one moment, please", the answer comes paced).
 */
/** When a turn's first and last replies (typing indicators aside) arrived. */
export interface Arrivals {
  firstAt?: number;
  lastAt?: number;
}

export class BenchSink {
  private server: Server | undefined;
  private readonly turns = new Map<string, Arrivals>();
  /** Replies that arrived for no turn in flight (a proactive message, or a reply after its turn ended). */
  stray = 0;
  /** Every activity the bot posted (typing indicators included). */
  received = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    return await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    closeNow(this.server);
  }

  /** A turn of `conversationId` begins now: its first reply is awaited. */
  begin(conversationId: string): void {
    this.turns.set(conversationId, {});
  }

  /** The turn is over: when its first and last replies arrived (performance.now()), if any did. */
  end(conversationId: string): Arrivals {
    const turn = this.turns.get(conversationId);
    this.turns.delete(conversationId);
    return turn ?? {};
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    this.received += 1;
    let reply: { type?: string; conversation?: { id?: string } } = {};
    try {
      reply = JSON.parse(await text(req)) as typeof reply;
    } catch {
      // An unreadable reply counts as stray below.
    }
    const turn = reply.conversation?.id ? this.turns.get(reply.conversation.id) : undefined;
    if (!turn) this.stray += 1;
    else if (reply.type !== 'typing') {
      turn.firstAt ??= arrived;
      turn.lastAt = arrived;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"r"}');
  }
}
