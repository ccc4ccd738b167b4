import { readFileSync } from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { PASSWORD_CHECK_SCRIPT } from './securityHeaders.ts';

/** Serves passwordCheck.js, read once at start-up so a missing file fails the start, not a visitor. */
export function registerPasswordCheckScript(server: Server): void {
  const script = readFileSync(new URL('./passwordCheck.js', import.meta.url));
  server.get(PASSWORD_CHECK_SCRIPT, async (_req: Request, res: Response) => {
    res.sendRaw(200, script, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': String(script.length),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
