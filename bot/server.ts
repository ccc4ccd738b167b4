import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import restify from 'restify';
import type { Request, RequestHandler, Response, Server } from 'restify';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from '../services/log/logger.ts';
import { checkIncomingActivity } from './activityGuard.ts';

/** Bodies over this size are refused with 413 before anything parses them. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A readiness check that takes longer than this counts as unreachable. */
const READINESS_TIMEOUT_MS = 2500;

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Readiness checks by name (store, mail, accounts): /readyz is 200 only when every one resolves. */
  readiness: Record<string, () => Promise<void>>;
  logger: Logger;
  /** No Bot Framework authentication: replies only to loopback service URLs. */
  localMode: boolean;
  /** Run before every route's handler (client rate limits). */
  guards?: RequestHandler[];
  /** Registers the local channel and pages; called once routes common to every mode exist. */
  extraRoutes?: (server: Server) => void;
}

export interface SupportServer {
  server: Server;
  /** Stops taking turns (/healthz turns 503, new activities 503) and resolves when in-flight turns are done. */
  drain(): Promise<void>;
  /** Resolves when no turn is in flight (turns keep being taken): tests that count what a request wrote wait for it. */
  idle(): Promise<void>;
}

/** The restify server, not listening yet, so tests can start it on port 0. */
export function createServer(deps: ServerDeps): SupportServer {
  const server = restify.createServer({ name: 'certificate-support-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));
  server.use(async (_req: Request, res: Response) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
  });
  for (const guard of deps.guards ?? []) server.use(guard);

  const turns = new TurnTracker();

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (turns.draining) return void res.send(503, { error: 'shutting down' });
    const verdict = checkIncomingActivity(req.body as unknown, deps.localMode);
    if (!verdict.ok) return void res.send(verdict.status, { error: verdict.message });
    await turns.track(() => deps.adapter.process(req, res, (context) => deps.bot.run(context)));
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(turns.draining ? 503 : 200, { status: turns.draining ? 'stopping' : 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const results = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), READINESS_TIMEOUT_MS);
          return [name, 'ok'] as const;
        } catch (error) {
          deps.logger.warn('not ready', { dependency: name, error });
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = !turns.draining && results.every(([, state]) => state === 'ok');
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...Object.fromEntries(results) });
  });

  deps.extraRoutes?.(server);

  server.on('restifyError', (req: Request, res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) deps.logger.error('request failed', { path: req.path(), error });
    return callback();
  });

  return { server, drain: () => turns.drain(), idle: () => turns.idle() };
}

/** Counts turns in flight so a shutdown can wait for them. */
class TurnTracker extends EventEmitter {
  draining = false;
  private inFlight = 0;

  async track(turn: () => Promise<void>): Promise<void> {
    this.inFlight += 1;
    try {
      await turn();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.emit('idle');
    }
  }

  async drain(): Promise<void> {
    this.draining = true;
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.inFlight > 0) await once(this, 'idle');
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  const cancel = new AbortController();
  const timeout = sleep(ms, undefined, { signal: cancel.signal }).then(
    () => Promise.reject(new Error(`no answer within ${ms} ms`)),
    () => new Promise<never>(() => undefined),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    cancel.abort();
  }
}
