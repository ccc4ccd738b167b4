import { createRequire } from 'node:module';
import { DirectLine } from 'botframework-directlinejs';
import type { Activity, DirectLineOptions } from 'botframework-directlinejs';
import { WebSocket } from 'ws';

/**
 * DirectLineJS is a browser library: it talks through `XMLHttpRequest` (rxjs 5 ajax) and the global
 * `WebSocket`, and decides at construction whether WebSockets exist at all. Node 20 has neither, so the
 * tests lend it `xhr2` and `ws`, and put back whatever was there before.
 */
export function installBrowserGlobals(): () => void {
  const scope = globalThis as unknown as Record<string, unknown>;
  const previous = { WebSocket: scope.WebSocket, XMLHttpRequest: scope.XMLHttpRequest };
  scope.WebSocket ??= WebSocket;
  scope.XMLHttpRequest ??= createRequire(import.meta.url)('xhr2') as unknown;
  return () => {
    scope.WebSocket = previous.WebSocket;
    scope.XMLHttpRequest = previous.XMLHttpRequest;
  };
}

interface Waiter {
  predicate: (activity: Activity) => boolean;
  resolve: (activity: Activity) => void;
}

/** The official client, subscribed, with every activity it received and a way to wait for one. */
export class RecordingClient {
  readonly activities: Activity[] = [];
  readonly directLine: DirectLine;
  private readonly waiters = new Set<Waiter>();
  private readonly subscription: { unsubscribe(): void };

  constructor(options: DirectLineOptions) {
    this.directLine = new DirectLine(options);
    this.subscription = this.directLine.activity$.subscribe((activity) => {
      this.activities.push(activity);
      for (const waiter of this.waiters) {
        if (!waiter.predicate(activity)) continue;
        this.waiters.delete(waiter);
        waiter.resolve(activity);
      }
    });
  }

  /** Resolves with the first activity, received so far or later, that matches. */
  async waitFor(predicate: (activity: Activity) => boolean): Promise<Activity> {
    const seen = this.activities.find(predicate);
    if (seen) return seen;
    // Wrapping an rxjs subscription: there is no event emitter to `once` on.
    return await new Promise<Activity>((resolve) => this.waiters.add({ predicate, resolve }));
  }

  /** Posts as DirectLineJS does and resolves with the id the channel gave the activity. */
  async post(activity: Activity): Promise<string> {
    return (await this.directLine.postActivity(activity).toPromise()) as string;
  }

  /** Ends the conversation on this client: unsubscribes (closing its WebSocket) and stops its timers. */
  close(): void {
    this.subscription.unsubscribe();
    this.directLine.end();
  }
}

/** Matches a message activity by its text. */
export const withText =
  (text: string) =>
  (activity: Activity): boolean =>
    activity.type === 'message' && activity.text === text;
