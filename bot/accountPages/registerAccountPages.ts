import type { i18n } from 'i18next';
import type { Server } from 'restify';
import type { ReferencePortal } from '../../services/accounts/reference/portal.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { Clock } from '../../services/store/documentStore.ts';
import { systemClock } from '../../services/store/documentStore.ts';
import type { Tenants } from '../../services/tenants/tenants.ts';
import { registerConfirmEmailPages } from './confirmEmailPages.ts';
import { Csrf } from './csrf.ts';
import { registerGraduateResetPages } from './graduateResetPages.ts';
import type { PageKit } from './pageRoute.ts';
import { registerPasswordCheckScript } from './passwordCheckScript.ts';
import { registerPortalFirstLoginPages } from './portalFirstLoginPages.ts';
import { registerPortalKeyPages } from './portalKeyPages.ts';
import { registerPortalLoginPages } from './portalLoginPages.ts';
import { registerSecondPasswordPages } from './secondPasswordPages.ts';

/** What the account pages need from the composition root. */
export interface AccountPagesOptions {
  /** The reference service's page operations (the pages exist only where it runs in-process or beside it). */
  portal: ReferencePortal;
  i18n: i18n;
  tenants: Tenants;
  /** Keys the CSRF tokens (HMAC of the visitor cookie); at least 128 bits, the same on every instance. */
  csrfSecret: Uint8Array;
  /** Gets outcomes only: never a URL (its query holds the one-time token), an ID or an entry. */
  logger: Logger;
  clock?: Clock;
}

/**
 * The pages of the one-time URLs the service mails, and the demo Student login (issue 3 item 4):
 *
 * - `GET/POST /account/confirm-email?t=` — 003 §2.1 steps 7–8 (a button first: scanners must not use the link up)
 * - `GET/POST /account/second-password?t=` — 003 §2.4 (c), the rules checked as the user types
 * - `GET/POST /account/graduate-reset?t=` — 002 §2.2 (e), password and second password
 * - `GET/POST /portal/login?tenant=` → `/portal/email`, `/portal/second-password`, `/portal/key` (+ `/reissue`),
 *   `/portal/authenticated` — 003 §2.1–2.3 and §2.6
 *
 * Every page is ja/en (the link's language, `?lang=`, a link to switch), every form POSTs with a CSRF token,
 * and every response carries a nonce CSP, `frame-ancestors 'none'`, nosniff, no-referrer and no-store.
 * Expects restify's queryParser and bodyParser with `mapParams: false`, as bot/server.ts installs them.
 */
export function registerAccountPages(server: Server, options: AccountPagesOptions): void {
  const kit: PageKit = {
    portal: options.portal,
    i18n: options.i18n,
    tenants: options.tenants,
    csrf: new Csrf(options.csrfSecret),
    logger: options.logger.child({ component: 'accountPages' }),
    clock: options.clock ?? systemClock,
  };
  registerPasswordCheckScript(server);
  registerConfirmEmailPages(server, kit);
  registerSecondPasswordPages(server, kit);
  registerGraduateResetPages(server, kit);
  registerPortalLoginPages(server, kit);
  registerPortalFirstLoginPages(server, kit);
  registerPortalKeyPages(server, kit);
}
