import restify from 'restify';
import type { Next, Request, Response, Server } from 'restify';
import { registerAccountApi } from '../services/accounts/accountApi.ts';
import type { AccountApiOptions } from '../services/accounts/accountApi.ts';
import type { Accounts } from '../services/accounts/accounts.ts';

/** A request that has not finished arriving after this long is dropped (slow-body clients hold no socket for minutes). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The account service as its own HTTP server (`npm run account-service`), not listening yet so tests can start it on
 * port 0: the JSON API of services/accounts/openapi.yaml over `accounts`, JSON bodies up to 64 KB (read per route,
 * after authentication), security headers on every answer, and restify's own errors (404, 405) in the API's error shape.
 */
export function createAccountServiceServer(accounts: Accounts, options: AccountApiOptions): Server {
  const server = restify.createServer({ name: 'account-service', handleUncaughtExceptions: false });
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.pre((_req: Request, res: Response, next: Next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    return next();
  });

  registerAccountApi(server, accounts, options);

  server.on('restifyError', (req: Request, _res: Response, error: RestifyError, callback: () => void) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) options.logger.error('account service request failed', { path: req.path(), error });
    const code = typeof error.body?.code === 'string' ? error.body.code : 'Error';
    const message = status >= 500 ? 'internal error' : error.message;
    error.toJSON = () => ({ error: { code, message } });
    return callback();
  });
  return server;
}

/** The parts of a restify-errors HttpError this file reads or replaces. */
interface RestifyError extends Error {
  statusCode?: number;
  body?: { code?: unknown };
  toJSON?: () => unknown;
}
