import type { Server } from 'restify';
import { formatJst } from '../../services/mail/mailTemplates.ts';
import { emailScreen, secondPasswordScreen } from './firstLoginScreens.ts';
import { infoBox } from './fragments.ts';
import { readFields } from './formFields.ts';
import { keyScreen } from './keyScreen.ts';
import { pageRoute } from './pageRoute.ts';
import type { PageKit } from './pageRoute.ts';
import { withView } from './portalRoute.ts';
import { LOGIN_PATH, authenticatedScreen, lockedScreen, loginScreen } from './portalScreens.ts';
import { sessionCookie } from './portalSession.ts';

/**
 * The demo Student login (003 §2.3), for trying the bot locally and for tests: `?tenant=ID&lang=ja|en`.
 * Each outcome opens the screen the manual shows next; the session id goes into a cookie, never a URL.
 */
export function registerPortalLoginPages(server: Server, kit: PageKit): void {
  server.get(
    LOGIN_PATH,
    pageRoute(kit, 'portal.login.open', 'GET', async (ctx) => await withView(ctx, async (view) => loginScreen(ctx, view, { outcome: 'form' }))),
  );

  server.post(
    LOGIN_PATH,
    pageRoute(kit, 'portal.login', 'POST', async (ctx) =>
      await withView(ctx, async (view) => {
        const form = readFields(ctx.fields, ['loginId', 'universityPassword', 'secondPassword']);
        const second = form.secondPassword === '' ? undefined : form.secondPassword;
        const result = await kit.portal.login(view.tenant.id, form.loginId, form.universityPassword, second);
        const { t } = view;
        switch (result.outcome) {
          case 'rejected':
            return loginScreen(ctx, view, { outcome: 'rejected', loginId: form.loginId, error: t('portal.rejected') });
          case 'locked':
            return lockedScreen(view);
          case 'needsEmail':
            return emailScreen(ctx, view, { outcome: 'needsEmail', cookies: [sessionCookie(ctx, result.session)] });
          case 'needsSecondPassword':
            return secondPasswordScreen(ctx, view, { outcome: 'needsSecondPassword', cookies: [sessionCookie(ctx, result.session)] });
          case 'needsKey': {
            const message = infoBox(t('key.sent', { maskedEmail: result.maskedEmail, time: formatJst(new Date(result.expiresAt)) }));
            return keyScreen(ctx, view, { outcome: 'needsKey', message, cookies: [sessionCookie(ctx, result.session)] });
          }
          case 'authenticated':
            return authenticatedScreen(view, [sessionCookie(ctx, result.session)]);
        }
      }),
    ),
  );
}
