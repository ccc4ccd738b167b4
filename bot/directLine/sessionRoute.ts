import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import { z } from 'zod';
import type { ChannelContext } from './channelContext.ts';
import { DirectLineError } from './directLineError.ts';
import { routeHandler } from './routeHandler.ts';
import { Locale } from './userActivity.ts';

/** A tenant id as the page passes it from `?tenant=`; whether it exists is the bot's business. */
export const TenantId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

const SessionRequest = z.object({ tenant: TenantId.optional(), locale: Locale.optional() });

/**
 * `POST /directline/session`: the local stand-in for what a web site's back end does with an Azure Direct Line
 * secret (exchange it for a token). The page gets a token bound to a fresh user id and the tenant, so the
 * user id in every activity is the channel's, never the browser's choice. `dl_` marks ids that only a token can
 * carry (Web Chat refuses to take such an id from the page itself).
 */
export function registerSessionRoute(server: Server, context: ChannelContext): void {
  server.post(
    '/directline/session',
    routeHandler(context.logger, async (req) => {
      const parsed = SessionRequest.safeParse(req.body ?? {});
      if (!parsed.success) throw new DirectLineError('BadArgument', 'invalid tenant or locale');
      const userId = `dl_${randomBytes(12).toString('base64url')}`;
      const { token, expiresIn } = context.signer.issue({
        user: userId,
        tenant: parsed.data.tenant ?? context.defaultTenant,
        ...(parsed.data.locale ? { locale: parsed.data.locale } : {}),
        scope: 'client',
      });
      return { status: 200, body: { token, userId, expires_in: expiresIn } };
    }),
  );
}
