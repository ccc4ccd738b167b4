import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { InProcessAccounts } from '../../services/accounts/inProcessAccounts.ts';
import type { Accounts, AccountRef } from '../../services/accounts/accounts.ts';
import { ReferencePortal } from '../../services/accounts/reference/portal.ts';
import type { Actor } from '../../services/audit/auditLog.ts';
import { Outbox } from '../../services/mail/outbox.ts';
import { SmtpMailer } from '../../services/mail/smtpMailer.ts';
import { silentLogger } from '../../services/log/logger.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { PUBLIC_URL, openHarness } from '../services/accounts/reference/harness.ts';
import type { ReferenceHarness } from '../services/accounts/reference/harness.ts';
import { contractFixture, people } from '../services/accounts/contract/fixture.ts';

const MINUTE = 60_000;
const user: Actor = { kind: 'user', conversationId: 'conv-e2e' };

/** Accounts → write-first outbox → nodemailer → a real SMTP server; the mailed one-time URL used on the portal. */
describe('account mail over real SMTP', function () {
  this.timeout(30_000);
  let h: ReferenceHarness;
  let sink: SmtpSink;
  let outbox: Outbox;
  let mailer: SmtpMailer;
  let accounts: Accounts;
  let portal: ReferencePortal;

  beforeEach(async () => {
    h = await openHarness();
    await h.seed(contractFixture);
    sink = await new SmtpSink().start();
    mailer = new SmtpMailer({ url: sink.url, from: 'no-reply@example-u.ac.jp' });
    outbox = await Outbox.open(h.store, mailer, { clock: h.clock, logger: silentLogger });
    const deps = { store: h.store, mail: outbox, audit: h.audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL };
    accounts = await InProcessAccounts.create(deps);
    portal = await ReferencePortal.create(deps);
  });
  afterEach(async () => {
    await outbox.stop();
    // The mailer keeps its pooled connection open until closed (the server would wait for it).
    mailer.close();
    await sink.stop();
    await h.close();
  });

  const verifiedHealthy = async (): Promise<AccountRef> => {
    const verified = await accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...people.healthy }, user);
    if (!verified.verified) throw new Error('the fixture student did not verify');
    return verified.account;
  };
  const resetMail = async (): Promise<ParsedMail> => {
    const mails = (await sink.parsed()).filter((mail) => mail.text?.includes('/account/second-password?t='));
    const latest = mails.at(-1);
    if (!latest) throw new Error('no reset mail arrived');
    return latest;
  };
  const tokenOf = (mail: ParsedMail): string => {
    const match = new RegExp(`${PUBLIC_URL}/account/second-password\\?t=([A-Za-z0-9_-]{43})`).exec(mail.text ?? '');
    if (!match) throw new Error('no one-time URL in the mail');
    return match[1]!;
  };

  it('delivers the reset mail to the registered address only, in the account locale, with a URL that works once', async () => {
    const result = await accounts.sendSecondPasswordReset(await verifiedHealthy(), user);
    expect(result.ok).to.equal(true);
    expect(await outbox.runDue()).to.be.greaterThan(0);

    const mail = await resetMail();
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').to.equal(people.healthy.email);
    expect(sink.received.every((message) => message.rcptTo.every((to) => to === people.healthy.email))).to.equal(true);
    expect(mail.subject).to.equal('[Certificate Issuance Service] Second password reset');
    expect(mail.headers.get('content-language')).to.equal('en');
    expect(mail.text).to.match(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);

    const token = tokenOf(mail);
    expect((await portal.setSecondPasswordFromLink(token, 'NewPass123', 'NewPass123')).outcome).to.equal('set');
    expect((await portal.setSecondPasswordFromLink(token, 'NewPass456', 'NewPass456')).outcome).to.equal('used');
  });

  it('refuses the URL after 30 minutes (injected clock) and changes nothing', async () => {
    await accounts.sendSecondPasswordReset(await verifiedHealthy(), user);
    await outbox.runDue();
    const token = tokenOf(await resetMail());
    h.advance(30 * MINUTE + 1);
    expect((await portal.setSecondPasswordFromLink(token, 'NewPass123', 'NewPass123')).outcome).to.equal('expired');
    expect((await portal.inspectLink(token, 'resetSecondPassword')).outcome).to.equal('expired');
  });

  it('sends nothing for an identity that does not match', async () => {
    const verified = await accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's9999999', email: 'nobody@example.com' }, user);
    expect(verified).to.deep.equal({ verified: false });
    expect(await outbox.runDue()).to.equal(0);
    expect(sink.received).to.deep.equal([]);
  });
});
