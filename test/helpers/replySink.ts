import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { text } from 'node:stream/consumers';
import { closeNow, listenLocally } from './localHttp.ts';

/** An activity the bot posted back to the channel. */
export interface SinkActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  conversation: { id: string };
  replyToId?: string;
  [key: string]: unknown;
}

/**
 * A local channel for end-to-end tests: the bot's replies (`POST {serviceUrl}/v3/conversations/:id/activities[/:replyTo]`)
 * land here, and tests wait for them by conversation. `hold()` keeps replies unanswered until released, to keep a turn in flight.
 */
export class ReplySink extends EventEmitter {
  readonly received: SinkActivity[] = [];
  private server: Server | undefined;
  private held: Array<() => void> | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    return await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    this.release();
    closeNow(this.server);
  }

  /** Replies from now on wait for `release()` before the sink answers them. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const answer of waiting) answer();
  }

  /** Resolves with the conversation's replies once there are at least `count` (beyond `after`). */
  async waitFor(conversationId: string, count: number, after = 0): Promise<SinkActivity[]> {
    for (;;) {
      const replies = this.of(conversationId).slice(after);
      if (replies.length >= count) return replies;
      await once(this, 'activity');
    }
  }

  of(conversationId: string): SinkActivity[] {
    return this.received.filter((activity) => activity.conversation.id === conversationId && activity.type !== 'typing');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const activity = JSON.parse(await text(req)) as SinkActivity;
    const answer = (): void => {
      // Not chained: restify patches ServerResponse#writeHead in this process, and its version returns nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `r${this.received.length}` }));
    };
    this.received.push(activity);
    this.emit('activity', activity);
    if (this.held) this.held.push(answer);
    else answer();
  }
}
