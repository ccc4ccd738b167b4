import { maskEmail } from './maskEmail.ts';
import { normalizeEmail } from './normalize.ts';
import { secondPasswordProblems } from './passwordRules.ts';
import type { PortalLogin } from './portalLogin.ts';
import type { EmailProblem, EmailRegistration, InitialSecondPassword } from './portalOutcomes.ts';
import type { ReferenceParts } from './referenceParts.ts';
import { hashSecret } from './secretHash.ts';

const FULL_WIDTH = /[\u3000-\u30FF\u4E00-\u9FFF\uFF00-\uFFEF]/u;

/**
 * The manuals' own checklist (003 §2.1 Note): the same address twice, no spaces, half-width
 * characters only; then the shape of an address.
 */
export function emailProblems(email: string, check: string): EmailProblem[] {
  const problems: EmailProblem[] = [];
  if (FULL_WIDTH.test(email)) problems.push('full_width');
  if (/\s/u.test(email)) problems.push('spaces');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalizeEmail(email)) || email.length > 254) problems.push('invalid_format');
  if (email !== check) problems.push('mismatch');
  return problems;
}

/** The first-login screens of the demo portal: Mail address setting (003 §2.1) and Set second password (§2.2). */
export class PortalFirstLogin {
  constructor(
    private readonly parts: ReferenceParts,
    private readonly login: PortalLogin,
  ) {}

  /** 003 §2.1 steps 4–6: a confirmation mail with a 30-minute one-time URL. Counted in the send budget. */
  async registerEmail(session: string, email: string, check: string): Promise<EmailRegistration> {
    const current = await this.login.session(session, 'email');
    if (!current) return { outcome: 'sessionExpired' };
    const problems = emailProblems(String(email), String(check));
    if (problems.length > 0) return { outcome: 'invalid', problems };
    const { record } = current;
    const budget = await this.parts.budget.take(record._id);
    if (!budget.ok) return { outcome: 'budgetExhausted', retryAt: budget.retryAt.toISOString() };
    const address = normalizeEmail(email);
    await this.parts.records.update(record._id, { $set: { pendingEmail: address } });
    const owner = { id: record._id, tenant: record.tenant };
    const link = await this.parts.links.issue(owner, 'confirmEmail', { locale: record.locale, email: address });
    await this.parts.mail.link(record, 'confirmEmail', link, address);
    await this.parts.sessions.end(session);
    return { outcome: 'sent', maskedEmail: maskEmail(address), expiresAt: link.expiresAt.toISOString() };
  }

  /** 003 §2.2 steps 4–6: rules checked first; on success the user logs in again with it (§2.3). */
  async setSecondPassword(session: string, secondPassword: string, check: string): Promise<InitialSecondPassword> {
    const current = await this.login.session(session, 'secondPassword');
    if (!current) return { outcome: 'sessionExpired' };
    const problems = secondPasswordProblems(String(secondPassword), String(check));
    if (problems.length > 0) return { outcome: 'invalid', problems };
    await this.parts.records.update(current.record._id, { $set: { secondPasswordHash: await hashSecret(secondPassword) } });
    await this.parts.sessions.end(session);
    return { outcome: 'set' };
  }
}
