import type { Server } from 'restify';
import {
  EMAIL_PATH,
  SECOND_PASSWORD_PATH,
  emailScreen,
  emailSentScreen,
  secondPasswordDoneScreen,
  secondPasswordScreen,
} from './firstLoginScreens.ts';
import { readFields } from './formFields.ts';
import { pageRoute } from './pageRoute.ts';
import type { PageKit } from './pageRoute.ts';
import { budgetText, screen, withView } from './portalRoute.ts';
import { sessionExpiredScreen } from './portalScreens.ts';
import { endSessionCookie, sessionOf } from './portalSession.ts';

/** The demo portal's first-login screens: Mail address setting (003 §2.1) and Set second password (§2.2). */
export function registerPortalFirstLoginPages(server: Server, kit: PageKit): void {
  server.get(EMAIL_PATH, screen(kit, 'portal.email.open', 'GET', async (ctx, view) => emailScreen(ctx, view, { outcome: 'form' })));
  server.post(
    EMAIL_PATH,
    screen(kit, 'portal.email', 'POST', async (ctx, view) => {
      const form = readFields(ctx.fields, ['email', 'check']);
      const result = await kit.portal.registerEmail(sessionOf(ctx), form.email, form.check);
      switch (result.outcome) {
        case 'sent':
          return emailSentScreen(view, result.maskedEmail, [endSessionCookie(ctx)]);
        case 'invalid':
          return emailScreen(ctx, view, { outcome: 'invalid', status: 422, ...form, problems: result.problems });
        case 'budgetExhausted':
          return emailScreen(ctx, view, { outcome: 'budgetExhausted', ...form, message: budgetText(view, result.retryAt) });
        case 'sessionExpired':
          return sessionExpiredScreen(ctx, view);
      }
    }),
  );
  server.get(`${EMAIL_PATH}/sent`, pageRoute(kit, 'portal.email.sent', 'GET', async (ctx) => await withView(ctx, async (view) => emailSentScreen(view))));

  server.get(SECOND_PASSWORD_PATH, screen(kit, 'portal.secondPassword.open', 'GET', async (ctx, view) => secondPasswordScreen(ctx, view, { outcome: 'form' })));
  server.post(
    SECOND_PASSWORD_PATH,
    screen(kit, 'portal.secondPassword', 'POST', async (ctx, view) => {
      const form = readFields(ctx.fields, ['secondPassword', 'check']);
      const result = await kit.portal.setInitialSecondPassword(sessionOf(ctx), form.secondPassword, form.check);
      if (result.outcome === 'set') return secondPasswordDoneScreen(view, [endSessionCookie(ctx)]);
      if (result.outcome === 'invalid') return secondPasswordScreen(ctx, view, { outcome: 'invalid', status: 422, problems: result.problems });
      return sessionExpiredScreen(ctx, view);
    }),
  );
  server.get(
    `${SECOND_PASSWORD_PATH}/done`,
    pageRoute(kit, 'portal.secondPassword.done', 'GET', async (ctx) => await withView(ctx, async (view) => secondPasswordDoneScreen(view))),
  );
}
