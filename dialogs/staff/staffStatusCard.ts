import { cardOf, factSet, headingBlock, lineBlock } from '../cards/adaptiveCard.ts';
import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { StaffSummary } from '../../services/accounts/accounts.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { mayTake } from '../../services/staff/staffActions.ts';
import type { StaffAction, StaffRole } from '../../services/staff/staffActions.ts';
import { formatJst } from '../shared/formatJst.ts';
import type { StaffCardValue } from './staffCommand.ts';

export interface StaffStatusData {
  locale: Locale;
  /** The account as staff named it, its tenant id and the tenant's name. */
  account: string;
  tenant: string;
  tenantName: string;
  summary: StaffSummary;
  role: StaffRole;
  /** Open handoff conversations and tickets; undefined when the handoff service cannot tell. */
  openCases?: string[];
}

/** At most this many card-level buttons render (the Adaptive Cards default host config). */
const MAX_BUTTONS = 5;

/** What staff see of an account: masked, no secrets (issue 7 item 2), with buttons for the actions the role may take. */
export function staffStatusCard(t: TFunction, data: StaffStatusData): Attachment {
  const { summary } = data;
  const yesNo = (value: boolean): string => t(value ? 'staff:status.yes' : 'staff:status.no');
  const facts: Array<[string, string]> = [
    [t('staff:facts.account'), `${data.account} (${data.tenantName})`],
    [t('staff:status.kind'), t(`staff:status.kinds.${summary.kind}`)],
    [t('staff:facts.address'), summary.maskedEmail || t('staff:status.none')],
    summary.kind === 'student'
      ? [t('staff:status.stage'), t(`staff:status.stages.${summary.stage ?? 'not_registered'}`)]
      : [t('staff:status.application'), t(`staff:status.applications.${summary.application ?? 'pending'}`)],
    [t('staff:status.secondPassword'), yesNo(summary.secondPasswordSet)],
    [t('staff:status.twoFactor'), yesNo(summary.twoFactor)],
    [t('staff:status.key'), t('staff:status.keyLine', { state: t(`staff:status.keys.${summary.authKey}`), failures: summary.keyFailures })],
    [t('staff:status.accountFailures'), String(summary.accountFailures)],
    [t('staff:status.selfService'), t(summary.selfServiceBlocked ? 'staff:status.blocked' : 'staff:status.open')],
  ];
  const mails = summary.recentMails.map((mail) => {
    const { date, time } = formatJst(data.locale, mail.queuedAt);
    const detail = mail.detail ? ` (${mail.detail})` : '';
    return t('staff:status.mailLine', { date, time, kind: t(`staff:mailKinds.${mail.kind}`, { defaultValue: mail.kind }), to: mail.maskedTo, state: t(`staff:status.mailStates.${mail.state}`), detail });
  });
  const cases = data.openCases === undefined ? t('staff:status.casesUnknown') : data.openCases.join(', ') || t('staff:status.none');
  const buttons = actionsFor(data).map((command) => ({
    type: 'Action.Submit',
    title: t(`staff:buttons.${command}`),
    data: { action: 'staff', command, account: data.account, tenant: data.tenant } satisfies StaffCardValue,
  }));
  const heading = t('staff:status.heading', { account: data.account });
  const fallback = [
    heading,
    ...facts.map(([title, value]) => `${title}: ${value}`),
    t('staff:status.mails'),
    ...(mails.length > 0 ? mails : [t('staff:status.noMails')]),
    `${t('staff:status.cases')}: ${cases}`,
  ];
  return cardOf({
    fallbackText: fallback.join('\n'),
    speak: heading,
    body: [
      headingBlock(heading),
      factSet(facts),
      { ...headingBlock(t('staff:status.mails')), spacing: 'Medium' },
      ...(mails.length > 0 ? mails : [t('staff:status.noMails')]).map(lineBlock),
      factSet([[t('staff:status.cases'), cases]]),
    ],
    actions: buttons,
  });
}

/** The changes the role may start from the card; for two-factor authentication, only the switch to the other setting. */
function actionsFor(data: StaffStatusData): StaffAction[] {
  const { summary } = data;
  const toggle: StaffAction[] = summary.kind === 'student' ? [summary.twoFactor ? 'twoFactorOff' : 'twoFactorOn'] : [];
  const candidates: StaffAction[] = ['resendConfirmation', 'resetSecondPassword', 'reissueKey', 'unlock', ...toggle];
  return candidates.filter((action) => mayTake(data.role, action)).slice(0, MAX_BUTTONS);
}
