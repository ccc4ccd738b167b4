import { expect } from 'chai';
import type { Attachment } from 'botbuilder';
import type { StaffSummary } from '../../../services/accounts/accounts.ts';
import { staffConfirmCard } from '../../../dialogs/staff/staffConfirmCard.ts';
import type { StaffConfirmData } from '../../../dialogs/staff/staffConfirmCard.ts';
import { staffStatusCard } from '../../../dialogs/staff/staffStatusCard.ts';
import type { StaffStatusData } from '../../../dialogs/staff/staffStatusCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

const student: StaffSummary = {
  kind: 'student',
  stage: 'active',
  secondPasswordSet: true,
  twoFactor: true,
  authKey: 'invalidated',
  selfServiceBlocked: true,
  account: { tenant: 'example-u', id: 'acc-1' },
  loginId: 's1234567',
  maskedEmail: 'ta***@ex***.ac.jp',
  keyFailures: 5,
  accountFailures: 20,
  recentMails: [{ mailId: 'm1', kind: 'authKey', maskedTo: 'ta***@ex***.ac.jp', state: 'bounced', queuedAt: '2026-12-02T01:00:00.000Z', detail: '550 no such user' }],
};

const graduate: StaffSummary = { ...student, kind: 'graduate', stage: undefined, application: 'approved', twoFactor: false, loginId: undefined, recentMails: [] } as StaffSummary;

const status = (summary: StaffSummary, role: 'agent' | 'supervisor', locale: 'ja' | 'en'): StaffStatusData => ({
  locale,
  account: summary.loginId ?? 'hanako@example.com',
  tenant: 'example-u',
  tenantName: 'Example University',
  summary,
  role,
});

const confirm: StaffConfirmData = {
  action: 'unlock',
  account: 's1234567',
  tenantName: 'Example University',
  kind: 'student',
  maskedTo: 'ta***@ex***.ac.jp',
  accountFailures: 20,
  reason: 'locked after typos',
  reference: 'T-000001',
  userNotified: true,
  awaitsApproval: false,
  token: 'tok-1',
};

const titles = (card: Attachment) =>
  ((card.content as { actions: Array<{ title: string; data: Record<string, unknown> }> }).actions).map((action) => action.data.command ?? action.data.answer);

describe('staff cards', () => {
  for (const locale of ['ja', 'en'] as const) {
    const t = tFor(locale);
    context(locale, () => {
      it('the status card is valid, has a fallback, and shows the state in words of the locale', () => {
        const card = staffStatusCard(t, status(student, 'agent', locale));
        expect(card.contentType).to.equal(ADAPTIVE);
        expect(validateCard(card.content)).to.deep.equal([]);
        const text = JSON.stringify(card.content);
        expect(text).to.include(t('staff:status.keys.invalidated')).and.include(t('staff:status.blocked')).and.include(t('staff:status.mailStates.bounced'));
        expect(text).to.include('550 no such user').and.include(t('staff:status.casesUnknown'));
        expect(String((card.content as { fallbackText: string }).fallbackText)).to.include(t('staff:status.mails'));
      });

      it('the confirmation card is valid and names the address, the effect, the reason and the case', () => {
        const card = staffConfirmCard(t, confirm);
        expect(validateCard(card.content)).to.deep.equal([]);
        const text = JSON.stringify(card.content);
        for (const part of [t('staff:confirm.heading.unlock'), t('staff:effects.unlock', { failures: 20 }), 'ta***@ex***.ac.jp', 'locked after typos', 'T-000001']) {
          expect(text).to.include(part);
        }
        expect(titles(card)).to.deep.equal(['yes', 'no']);
      });
    });
  }

  it("offers an agent the agent's actions, and a supervisor the two-factor switch too", () => {
    const t = tFor('en');
    expect(titles(staffStatusCard(t, status(student, 'agent', 'en')))).to.deep.equal(['resendConfirmation', 'resetSecondPassword', 'reissueKey', 'unlock']);
    expect(titles(staffStatusCard(t, status(student, 'supervisor', 'en')))).to.deep.equal(['resendConfirmation', 'resetSecondPassword', 'reissueKey', 'unlock', 'twoFactorOff']);
    expect(titles(staffStatusCard(t, status(graduate, 'supervisor', 'en')))).to.not.include('twoFactorOn');
  });

  it('tells a graduate reset from a student one', () => {
    const t = tFor('en');
    const text = JSON.stringify(staffConfirmCard(t, { ...confirm, action: 'resetSecondPassword', kind: 'graduate' }).content);
    expect(text).to.include(t('staff:effects.resetGraduate', { maskedTo: 'ta***@ex***.ac.jp' }));
  });
});
