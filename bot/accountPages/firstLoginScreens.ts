import { LINK_LIFETIME_MS } from '../../services/accounts/reference/oneTimeLinks.ts';
import type { PasswordProblem } from '../../services/accounts/reference/passwordRules.ts';
import type { EmailProblem } from '../../services/accounts/reference/portalOutcomes.ts';
import { alertBox, infoBox, inputField, linkButton, notes, paragraphs, postForm } from './fragments.ts';
import { html } from './html.ts';
import type { Page, PageContext } from './pageRoute.ts';
import { STUDENT_PROBLEMS, passwordPair, rulesList } from './passwordFields.ts';
import { loginUrl, portalPage } from './portalScreens.ts';
import type { PortalView } from './portalSession.ts';

/** 003 §2.1: the Mail address setting screen. */
export const EMAIL_PATH = '/portal/email';
/** 003 §2.2: the Set second password screen. */
export const SECOND_PASSWORD_PATH = '/portal/second-password';

/** The state an email screen shows: the entries to keep, and what is wrong. */
export interface EmailState {
  outcome: string;
  status?: number;
  email?: string;
  check?: string;
  problems?: readonly EmailProblem[];
  message?: string;
  cookies?: string[];
}

/** 003 §2.1 steps 4–5: "Mail address" and "Check", the Notes (sender to allow-list, 30 minutes), "Check". */
export function emailScreen(ctx: PageContext, view: PortalView, state: EmailState): Page {
  const { t, tenant } = view;
  const problems = state.problems ?? [];
  const fields = html`${inputField({ name: 'email', label: t('email.address'), type: 'text', autocomplete: 'email', value: state.email ?? '' })}
${inputField({ name: 'check', id: 'emailCheck', label: t('email.check'), type: 'text', autocomplete: 'email', value: state.check ?? '' })}
${notes(t('portal.notes'), [
  t('email.noteConfirm'),
  t('email.noteUrl', { minutes: String(LINK_LIFETIME_MS / 60_000) }),
  t('email.noteSender', { sender: tenant.senderAddress }),
  t('email.noteFreeMail'),
])}<button type="submit">${t('email.button')}</button>`;
  const alerts = problems.length > 0 ? alertBox(t('problemsHeading'), ...problems.map((problem) => t(`email.problems.${problem}`))) : '';
  const body = html`${alerts}${state.message ? alertBox(state.message) : ''}${postForm(EMAIL_PATH, ctx.csrfField, view.hidden, fields)}`;
  return portalPage(view, EMAIL_PATH, { outcome: state.outcome, status: state.status ?? 200, title: t('email.title'), body, cookies: state.cookies ?? [] });
}

/** 003 §2.1 step 6: "A confirmation mail has been sent." (the address masked; absent when only switching language). */
export function emailSentScreen(view: PortalView, maskedEmail?: string, cookies: string[] = []): Page {
  const { t } = view;
  const texts = [...(maskedEmail ? [t('email.sent', { maskedEmail })] : []), t('email.sentNext')];
  const body = html`${infoBox(...texts)}${paragraphs(t('portal.noteSpam'))}`;
  return portalPage(view, `${EMAIL_PATH}/sent`, { outcome: 'sent', title: t('email.sentTitle'), body, cookies });
}

/** 003 §2.2 steps 4–5: "Second password" and "Check" with the rules, then "Set". */
export function secondPasswordScreen(
  ctx: PageContext,
  view: PortalView,
  state: { outcome: string; status?: number; problems?: readonly PasswordProblem[]; cookies?: string[] },
): Page {
  const { t } = view;
  const tr = ctx.t(view.locale, 'passwordRules');
  const problems = state.problems ?? [];
  const pair = passwordPair(tr, {
    name: 'secondPassword',
    label: t('secondPassword.field'),
    checkName: 'check',
    checkLabel: t('secondPassword.check'),
    problems,
    possible: STUDENT_PROBLEMS,
  });
  const content = html`${rulesList(tr, false, 'secondPassword')}${pair}<button type="submit">${t('secondPassword.set')}</button>`;
  const body = html`${problems.length > 0 ? alertBox(t('problemsHeading')) : ''}${paragraphs(t('secondPassword.intro'))}${postForm(SECOND_PASSWORD_PATH, ctx.csrfField, view.hidden, content)}`;
  return portalPage(view, SECOND_PASSWORD_PATH, {
    outcome: state.outcome,
    status: state.status ?? 200,
    title: t('secondPassword.title'),
    body,
    cookies: state.cookies ?? [],
    script: true,
  });
}

/** 003 §2.2 step 6: "Setting the second password complete", then log in with it (§2.3). */
export function secondPasswordDoneScreen(view: PortalView, cookies: string[] = []): Page {
  const { t } = view;
  const body = html`${infoBox(t('secondPassword.done'))}${linkButton(loginUrl(view), t('secondPassword.ok'))}`;
  return portalPage(view, `${SECOND_PASSWORD_PATH}/done`, { outcome: 'set', title: t('secondPassword.doneTitle'), body, cookies });
}
