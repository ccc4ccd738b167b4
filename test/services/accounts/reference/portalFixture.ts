import { InProcessAccounts } from '../../../../services/accounts/inProcessAccounts.ts';
import { ReferencePortal } from '../../../../services/accounts/reference/portal.ts';
import type { ReferenceLimits } from '../../../../services/accounts/reference/referenceParts.ts';
import { contractTenants } from '../contract/fixture.ts';
import { PUBLIC_URL, openHarness, tokenIn } from './harness.ts';
import type { ReferenceHarness } from './harness.ts';

export const UNIV = 'univ-Pass-1';
export const SECOND = 'Second22';

const student = (loginId: string, email: string | undefined, extra: Record<string, unknown> = {}) => ({
  tenant: 'example-u',
  kind: 'student',
  loginId,
  ...(email ? { email } : {}),
  emailConfirmed: email !== undefined,
  secondPasswordSet: true,
  secondPassword: SECOND,
  twoFactor: true,
  locale: 'en',
  universityPassword: UNIV,
  ...extra,
});

/** Students who can log in to the demo portal, and a graduate with an initial password. */
export const portalFixture = {
  tenants: contractTenants,
  accounts: [
    student('s1234567', 'taro@example-u.ac.jp'),
    student('s1111111', 'nokey@example-u.ac.jp', { twoFactor: false }),
    student('s2000002', undefined, { secondPasswordSet: false, secondPassword: undefined, locale: 'ja' }),
    student('s4000001', 'blocked@example-u.ac.jp', { accountFailures: 20 }),
    student('s5000001', 'short@short-u.ac.jp', { tenant: 'short-u' }),
    student('s6000001', 'plain@plain-u.ac.jp', { tenant: 'plain-u', secondPasswordSet: false, secondPassword: undefined, twoFactor: false }),
    {
      tenant: 'example-u',
      kind: 'graduate',
      email: 'hanako@example.com',
      birthDate: '1999-09-09',
      studentIds: ['g0912345'],
      application: 'approved',
      password: 'Initial99',
      locale: 'en',
    },
  ],
};

export interface PortalHarness extends ReferenceHarness {
  portal: ReferencePortal;
  accounts: InProcessAccounts;
  /** The newest mail of a kind to an address. */
  lastMail(kind: string, to: string): { text: string; subject: string; locale: string };
  /** The key in the newest key mail to an address. */
  lastKey(to: string): string;
  lastToken(kind: string, to: string): string;
  failures(loginId: string, tenant?: string): Promise<number>;
}

export async function openPortal(limits?: Partial<ReferenceLimits>): Promise<PortalHarness> {
  const h = await openHarness();
  await h.seed(portalFixture);
  const deps = { store: h.store, mail: h.mail, audit: h.audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL, ...(limits ? { limits } : {}) };
  const lastMail = (kind: string, to: string) => {
    const mail = h.mail.all().filter((each) => each.kind === kind && each.to === to).at(-1);
    if (!mail) throw new Error(`no ${kind} mail to ${to}`);
    return mail;
  };
  const parts = await h.parts(limits);
  return {
    ...h,
    portal: await ReferencePortal.create(deps),
    accounts: await InProcessAccounts.create(deps),
    lastMail,
    lastKey: (to) => {
      const key = /(?:Authentication key : |認証キー：)(\d{6})/.exec(lastMail('authKey', to).text)?.[1];
      if (!key) throw new Error('no key in the mail');
      return key;
    },
    lastToken: (kind, to) => tokenIn(lastMail(kind, to).text),
    failures: async (loginId, tenant = 'example-u') => {
      const record = await parts.records.byKey(`student:${tenant}:${loginId}`);
      return record?.accountFailures ?? -1;
    },
  };
}
