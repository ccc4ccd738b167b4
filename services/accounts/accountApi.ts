import { createHash, timingSafeEqual } from 'node:crypto';
import restify from 'restify';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { z } from 'zod';
import { DependencyError, UserFacingError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Accounts } from './accounts.ts';
import { accountOperations as ops, accountRefusals, MAX_REQUEST_BYTES } from './accountSchemas.ts';
import type { AccountOperation } from './accountSchemas.ts';

/** Options of the account service's JSON API. */
export interface AccountApiOptions {
  /** The shared bearer token (ACCOUNT_SERVICE_TOKEN); at least 16 characters. */
  token: string;
  logger: Logger;
}

/** Shorter tokens are refused at start-up: a guessable token would open every account action. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Registers the routes of services/accounts/openapi.yaml on `server`, over any `Accounts` implementation.
 * Each route authenticates first (bearer token, constant-time), then reads at most 64 KB of JSON, validates it
 * strictly, calls the port once, and sends back only the documented fields. Bodies are never logged.
 */
export function registerAccountApi(server: Server, accounts: Accounts, options: AccountApiOptions): void {
  if (options.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`the account service token must have at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const { logger } = options;
  const authenticate = bearerAuth(options.token);
  const readJson = jsonBodyReader();

  const route = <Req, Res>(operation: PostOperation<Req, Res>, call: (body: Req) => Promise<Res>) =>
    server.post(operation.path, authenticate, readJson, async (req: Request, res: Response) => {
      const json = parseJson(req);
      if (!json.ok) return void sendError(res, 400, { code: 'InvalidRequest', message: 'request body: invalid JSON' });
      const parsed = operation.request.safeParse(json.value);
      if (!parsed.success) return void sendInvalid(res, parsed.error);
      await respond(res, operation, () => call(parsed.data));
    });

  const respond = async <Res>(res: Response, operation: AccountOperation<Res>, call: () => Promise<Res>) => {
    try {
      // Parsing our own answer strips anything the implementation returned beyond the documented fields.
      res.send(200, operation.response.parse(await call()));
    } catch (error) {
      const refusal = accountRefusals.find((known) => error instanceof known.error);
      if (refusal) return void sendError(res, refusal.status, { code: refusal.code, message: refusal.message });
      if (error instanceof UserFacingError) {
        return void sendError(res, 422, { code: 'UserFacing', message: 'the request cannot be completed', key: error.key });
      }
      if (error instanceof DependencyError) {
        logger.warn('account service dependency failed', { route: operation.path, dependency: error.dependency, error });
        return void sendError(res, 503, { code: 'ServiceUnavailable', message: 'the account service is temporarily unavailable' });
      }
      logger.error('account service request failed', { route: operation.path, error });
      sendError(res, 500, { code: 'ServiceError', message: 'internal error' });
    }
  };

  route(ops.verifyIdentity, (body) => accounts.verifyIdentity(body.claim, body.actor));
  route(ops.registrationStatus, (body) => accounts.registrationStatus(body.account, body.actor));
  route(ops.resendEmailConfirmation, (body) => accounts.resendEmailConfirmation(body.account, body.actor));
  route(ops.sendSecondPasswordReset, (body) => accounts.sendSecondPasswordReset(body.account, body.actor));
  route(ops.reissueAuthKey, (body) => accounts.reissueAuthKey(body.account, body.actor));
  route(ops.unlock, (body) => accounts.unlock(body.account, body.actor));
  route(ops.setTwoFactor, (body) => accounts.setTwoFactor(body.account, body.enabled, body.actor));
  route(ops.lookup, async (body) => ({
    account: (await accounts.lookup(body.tenant, body.loginIdOrEmail, body.actor)) ?? null,
  }));
  route(ops.staffSummary, (body) => accounts.staffSummary(body.account, body.actor));
  server.get(ops.ping.path, authenticate, async (_req: Request, res: Response) => {
    await respond(res, ops.ping, async () => {
      await accounts.ping();
      return { status: 'ok' as const };
    });
  });
}

type PostOperation<Req, Res> = AccountOperation<Res> & { request: z.ZodType<Req> };

interface ErrorDetail {
  code: string;
  message: string;
  field?: string;
  key?: string;
}

function sendError(res: Response, status: number, error: ErrorDetail): void {
  res.send(status, { error });
}

/** 400 naming the first offending field (never its value, which may be an email). */
function sendInvalid(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String);
  if (issue?.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  const field = path.join('.').slice(0, 200);
  const reason = issue?.message ?? 'invalid';
  if (!field) return sendError(res, 400, { code: 'InvalidRequest', message: `request body: ${reason}` });
  sendError(res, 400, { code: 'InvalidRequest', message: `${field}: ${reason}`, field });
}

function bearerAuth(token: string): RequestHandler {
  const expected = createHash('sha256').update(token).digest();
  return (req: Request, res: Response, next: Next) => {
    res.setHeader('Cache-Control', 'no-store');
    const given = /^Bearer +(\S+) *$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
    // Both sides are hashed to the same length, so the comparison takes the same time for any token.
    if (timingSafeEqual(createHash('sha256').update(given).digest(), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="accounts"');
    sendError(res, 401, { code: 'Unauthorized', message: 'a valid bearer token is required' });
    return next(false);
  };
}

/** JSON only, no content encoding (a gzip body would escape the size limit), at most MAX_REQUEST_BYTES. */
function jsonBodyReader(): RequestHandler {
  const readBody = restify.plugins.bodyReader({ maxBodySize: MAX_REQUEST_BYTES });
  return (req: Request, res: Response, next: Next) => {
    if (req.header('content-encoding') || !req.is('application/json')) {
      sendError(res, 415, { code: 'UnsupportedMediaType', message: 'send application/json without content encoding' });
      return next(false);
    }
    if (req.getContentLength() > MAX_REQUEST_BYTES) return next(tooLarge(res));
    readBody(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      if (error instanceof Error && 'statusCode' in error && error.statusCode === 413) return next(tooLarge(res));
      sendError(res, 400, { code: 'InvalidRequest', message: 'request body could not be read' });
      return next(false);
    });
  };
}

function tooLarge(res: Response): false {
  sendError(res, 413, { code: 'PayloadTooLarge', message: `request bodies are limited to ${MAX_REQUEST_BYTES} bytes` });
  return false;
}

/** The raw body, parsed here so that a syntax error answers in our error format and echoes no content. */
function parseJson(req: Request): { ok: true; value: unknown } | { ok: false } {
  const raw: unknown = req.rawBody ?? req.body;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
