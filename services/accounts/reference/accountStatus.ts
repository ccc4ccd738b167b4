import type { MailDelivery, RegistrationStatus, StaffSummary } from '../accounts.ts';
import type { MailQueue, MailRecord } from '../../mail/mailQueue.ts';
import { contactAddress, studentStage } from './accountRecords.ts';
import type { AccountRecord } from './accountRecords.ts';
import { maskEmail } from './maskEmail.ts';
import { isBlocked, tenantOf } from './referenceParts.ts';
import type { ReferenceParts } from './referenceParts.ts';

/** How many recent mails staff see in a summary. */
const RECENT_MAILS = 5;

/** Where the account stands, as the bot may tell a verified user. */
export async function registrationStatus(parts: ReferenceParts, record: AccountRecord): Promise<RegistrationStatus> {
  const tenant = await tenantOf(parts, record);
  const key = await parts.keys.status(record._id);
  const [lastMail] = await recentMails(parts.queue, record, 1);
  const common = {
    secondPasswordSet: record.secondPasswordHash !== undefined,
    authKey: key.state,
    selfServiceBlocked: isBlocked(parts, record),
    ...(lastMail ? { lastMail } : {}),
  };
  if (record.kind === 'graduate') return { kind: 'graduate', application: record.application, twoFactor: false, ...common };
  const twoFactor = tenant.features.twoFactor && record.twoFactor;
  return { kind: 'student', stage: studentStage(record, tenant), twoFactor, ...common };
}

/** What staff see: states, counters and the last mails, with the address masked. */
export async function staffSummary(parts: ReferenceParts, record: AccountRecord): Promise<StaffSummary> {
  const status = await registrationStatus(parts, record);
  const key = await parts.keys.status(record._id);
  return {
    ...status,
    account: { tenant: record.tenant, id: record._id },
    ...(record.kind === 'student' ? { loginId: record.loginId } : {}),
    maskedEmail: maskEmail(contactAddress(record) ?? ''),
    keyFailures: key.failures,
    accountFailures: record.accountFailures,
    recentMails: await recentMails(parts.queue, record, RECENT_MAILS),
  };
}

/** Mails to the registered and the pending address, newest first. */
async function recentMails(queue: MailQueue, record: AccountRecord, limit: number): Promise<MailDelivery[]> {
  const addresses = [record.email, record.kind === 'student' ? record.pendingEmail : undefined].filter(
    (address, index, all): address is string => address !== undefined && all.indexOf(address) === index,
  );
  const mails = (await Promise.all(addresses.map((address) => queue.recentTo(address, limit)))).flat();
  return mails
    .sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime())
    .slice(0, limit)
    .map(toDelivery);
}

function toDelivery(mail: MailRecord): MailDelivery {
  return {
    mailId: mail.id,
    kind: mail.kind,
    maskedTo: maskEmail(mail.to),
    // The port has no 'sending': a mail being handed to the transport is still queued for the user.
    state: mail.state === 'sending' ? 'queued' : mail.state,
    queuedAt: mail.queuedAt.toISOString(),
    ...(mail.sentAt ? { sentAt: mail.sentAt.toISOString() } : {}),
    ...(mail.detail ? { detail: mail.detail } : {}),
  };
}
