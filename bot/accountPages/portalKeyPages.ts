import type { Server } from 'restify';
import { formatJst } from '../../services/mail/mailTemplates.ts';
import { alertBox, infoBox } from './fragments.ts';
import { readFields } from './formFields.ts';
import { KEY_PATH, REISSUE_PATH, keyScreen } from './keyScreen.ts';
import type { PageKit } from './pageRoute.ts';
import { budgetText, screen } from './portalRoute.ts';
import { authenticatedScreen, lockedScreen, sessionExpiredScreen } from './portalScreens.ts';
import { sessionOf } from './portalSession.ts';

/** The demo portal's two-factor screens (003 §2.3 steps 4–7, §2.6) and the "Authenticated" screen. */
export function registerPortalKeyPages(server: Server, kit: PageKit): void {
  server.get(KEY_PATH, screen(kit, 'portal.key.open', 'GET', async (ctx, view) => keyScreen(ctx, view, { outcome: 'form' })));

  server.post(
    KEY_PATH,
    screen(kit, 'portal.key', 'POST', async (ctx, view) => {
      const { key } = readFields(ctx.fields, ['key']);
      const result = await kit.portal.enterKey(sessionOf(ctx), key);
      const { t } = view;
      switch (result.outcome) {
        case 'authenticated':
          return authenticatedScreen(view);
        case 'wrongKey':
          return keyScreen(ctx, view, { outcome: 'wrongKey', message: alertBox(t('key.wrong', { count: String(result.attemptsLeft) })) });
        case 'invalidated':
          // 003 §2.6 step 1: "a dialog indicating this will be displayed when the authenticate button is clicked".
          return keyScreen(ctx, view, { outcome: 'invalidated', message: alertBox(t('key.invalidated')) });
        case 'expired':
          return keyScreen(ctx, view, { outcome: 'expired', message: alertBox(t('key.expired')) });
        case 'locked':
          return lockedScreen(view);
        case 'sessionExpired':
          return sessionExpiredScreen(ctx, view);
      }
    }),
  );

  server.post(
    REISSUE_PATH,
    screen(kit, 'portal.key.reissue', 'POST', async (ctx, view) => {
      const result = await kit.portal.reissueKey(sessionOf(ctx));
      const { t } = view;
      switch (result.outcome) {
        case 'reissued': {
          const message = infoBox(t('key.reissued', { maskedEmail: result.maskedEmail, time: formatJst(new Date(result.expiresAt)) }));
          return keyScreen(ctx, view, { outcome: 'reissued', message });
        }
        case 'budgetExhausted':
          return keyScreen(ctx, view, { outcome: 'budgetExhausted', message: alertBox(budgetText(view, result.retryAt)) });
        case 'locked':
          return lockedScreen(view);
        case 'sessionExpired':
          return sessionExpiredScreen(ctx, view);
      }
    }),
  );

  server.get('/portal/authenticated', screen(kit, 'portal.authenticated.open', 'GET', async (_ctx, view) => authenticatedScreen(view)));
}
