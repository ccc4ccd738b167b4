import type { AuditLog } from '../../audit/auditLog.ts';
import type { LinkPurpose } from './oneTimeLinks.ts';
import { PortalFirstLogin } from './portalFirstLogin.ts';
import { PortalLinks } from './portalLinks.ts';
import { PortalLogin } from './portalLogin.ts';
import type {
  EmailConfirmation,
  EmailRegistration,
  GraduatePasswordsFromLink,
  InitialSecondPassword,
  KeyEntry,
  KeyReissue,
  LinkInspection,
  LoginOutcome,
  SecondPasswordFromLink,
} from './portalOutcomes.ts';
import { openReference } from './referenceParts.ts';
import type { ReferenceDeps, ReferenceParts } from './referenceParts.ts';

export interface ReferencePortalDeps extends ReferenceDeps {
  audit: AuditLog;
}

/**
 * What the reference service's own pages do (the pages themselves are served from bot/): the
 * one-time-URL pages (confirm email, reset the second password, graduates' reset) and the demo
 * Student login of manual 003. Every method answers a discriminated union of outcomes; none throws
 * for a user's mistake, and none reveals whether a login ID exists before its university password is right.
 */
export class ReferencePortal {
  private readonly links: PortalLinks;
  private readonly loginFlow: PortalLogin;
  private readonly firstLogin: PortalFirstLogin;

  constructor(parts: ReferenceParts, audit: AuditLog) {
    this.links = new PortalLinks(parts, audit);
    this.loginFlow = new PortalLogin(parts, audit);
    this.firstLogin = new PortalFirstLogin(parts, this.loginFlow);
  }

  static async create(deps: ReferencePortalDeps): Promise<ReferencePortal> {
    return new ReferencePortal(await openReference(deps), deps.audit);
  }

  /** Whether a link's page should show its form, without using the link. */
  async inspectLink(token: string, purpose: LinkPurpose): Promise<LinkInspection> {
    return await this.links.inspect(token, purpose);
  }

  async confirmEmail(token: string): Promise<EmailConfirmation> {
    return await this.links.confirmEmail(token);
  }

  async setSecondPasswordFromLink(token: string, secondPassword: string, check: string): Promise<SecondPasswordFromLink> {
    return await this.links.setSecondPassword(token, secondPassword, check);
  }

  async setGraduatePasswordsFromLink(
    token: string,
    password: string,
    secondPassword: string,
    checks: { password: string; secondPassword: string },
  ): Promise<GraduatePasswordsFromLink> {
    return await this.links.setGraduatePasswords(token, {
      password,
      passwordCheck: checks.password,
      secondPassword,
      secondPasswordCheck: checks.secondPassword,
    });
  }

  async login(tenant: string, loginId: string, universityPassword: string, secondPassword?: string): Promise<LoginOutcome> {
    return await this.loginFlow.login(tenant, loginId, universityPassword, secondPassword);
  }

  async registerEmail(session: string, email: string, check: string): Promise<EmailRegistration> {
    return await this.firstLogin.registerEmail(session, email, check);
  }

  async setInitialSecondPassword(session: string, secondPassword: string, check: string): Promise<InitialSecondPassword> {
    return await this.firstLogin.setSecondPassword(session, secondPassword, check);
  }

  async enterKey(session: string, key: string): Promise<KeyEntry> {
    return await this.loginFlow.enterKey(session, key);
  }

  async reissueKey(session: string): Promise<KeyReissue> {
    return await this.loginFlow.reissueKey(session);
  }
}
