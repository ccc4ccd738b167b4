import type { Next, Request, RequestHandler, Response } from 'restify';
import type { RateLimiter, LimitRule } from '../services/rateLimit/rateLimiter.ts';
import type { Logger } from '../services/log/logger.ts';

export interface ClientLimitsOptions {
  limiter: RateLimiter;
  /** Form posts, Direct Line sessions and the like per client address and minute. */
  perMinute: number;
  /** Proxies in front of the bot that append to X-Forwarded-For (Azure App Service: 1); 0 = the socket's address. */
  trustProxyHops: number;
  logger: Logger;
}

const MINUTE = 60_000;

/** What is limited per client address: the requests a person makes by hand, which a script can make by the thousand. */
function rulesFor(req: Request, perMinute: number): LimitRule | undefined {
  if (req.method !== 'POST') return undefined;
  const path = req.path();
  // Password guessing at the console: a person mistypes a few times, a script tries thousands.
  if (path === '/agent/api/login') return { name: 'client:agentLogin', limit: 10, windowMs: 15 * MINUTE, window: 'sliding' };
  if (/^\/(account|portal)\//.test(path) || path === '/directline/session') return { name: 'client:forms', limit: perMinute, windowMs: MINUTE, window: 'sliding' };
  return undefined;
}

/**
 * Rate limits per client address (issue 8 item 4), in the store so that every instance counts together. Over the
 * limit: 429 with Retry-After, before the route runs. /api/messages is not limited here: its callers are channels
 * (one address for thousands of users); conversations and tenants are limited there instead (services/rateLimit).
 */
export function clientLimits(options: ClientLimitsOptions): RequestHandler {
  return (req: Request, res: Response, next: Next): void => {
    const rule = rulesFor(req, options.perMinute);
    if (!rule) return next();
    const address = clientAddress(req, options.trustProxyHops);
    options.limiter.take(rule, address).then(
      (answer) => {
        if (answer.ok) return next();
        const seconds = Math.max(1, Math.ceil((answer.retryAt.getTime() - Date.now()) / 1000));
        options.logger.warn('client rate limit reached', { rule: rule.name, path: req.path() });
        res.header('Retry-After', String(seconds));
        res.send(429, { error: 'too many requests', retryAfterSeconds: seconds });
        return next(false);
      },
      (error: unknown) => next(error as Error),
    );
  };
}

/** The client's address: the socket's, or the one the `hops`-th trusted proxy from the right saw. */
export function clientAddress(req: Pick<Request, 'headers'> & { socket: { remoteAddress?: string | undefined } }, hops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((part) => part.trim()).filter(Boolean);
  // Each trusted proxy appended the address it saw; anything left of those entries came from the client and may be forged.
  return forwarded[forwarded.length - hops] ?? socket;
}
