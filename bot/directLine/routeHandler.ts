import type { Request, RequestHandler, Response } from 'restify';
import { DependencyError } from '../../services/errors.ts';
import type { Logger } from '../../services/log/logger.ts';
import { DirectLineError } from './directLineError.ts';

/** A route body that returns the status and JSON to send, or throws a DirectLineError. */
export type JsonRoute = (req: Request) => Promise<{ status: number; body: unknown }>;

/**
 * Adapts a JsonRoute to restify: every failure becomes a JSON answer, never a crash or a stack trace.
 * Direct Line answers are per-user and hold tokens, so no cache may keep them.
 */
export function routeHandler(logger: Logger, route: JsonRoute): RequestHandler {
  return async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    try {
      const { status, body } = await route(req);
      res.send(status, body);
    } catch (error) {
      if (error instanceof DirectLineError) {
        if (error.status >= 500) logger.warn('direct line request failed', { route: req.getRoute().path, error });
        res.send(error.status, error.toJSON());
      } else if (error instanceof DependencyError) {
        logger.error('direct line dependency failed', { route: req.getRoute().path, error });
        res.send(503, { error: { code: 'ServiceUnavailable', message: 'the service is temporarily unavailable' } });
      } else {
        logger.error('direct line request crashed', { route: req.getRoute().path, error });
        res.send(500, { error: { code: 'ServiceError', message: 'internal error' } });
      }
    }
  };
}
