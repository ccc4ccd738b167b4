import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { mailsArrived, openChannel } from '../helpers/e2eHarness.ts';
import type { TestChannel } from '../helpers/e2eHarness.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { formatHours } from '../../dialogs/shared/formatHours.ts';
import { createI18n } from '../../services/i18n/i18n.ts';
import { silentLogger } from '../../services/log/logger.ts';
import { builtInDemoTenant } from '../../services/tenants/builtInDemoTenant.ts';

const t = createI18n().getFixedT('en');
const officeHours = { days: 'weekdays', open: '09:00', close: '17:00' } as const;
const tenant = { ...builtInDemoTenant, id: 'office-u', chatHours: officeHours, staffEmail: 'desk@office-u.ac.jp' };
/** Sunday 2026-12-06, 10:00 in Japan: outside weekday hours. */
const sunday = new Date('2026-12-06T01:00:00Z');

describe('the message form outside agent hours (real server, real SMTP)', function () {
  this.timeout(60_000);
  let channel: TestChannel;
  let smtp: SmtpSink;
  let dataDir: string;
  let app: App;
  let url: string;

  // The app is composed here, not by startE2e: the test needs an injected clock and its own tenants file.
  before(async () => {
    smtp = await new SmtpSink().start();
    channel = await openChannel();
    dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-ticket-'));
    const tenantsFile = path.join(dataDir, 'tenants.json');
    await writeFile(tenantsFile, JSON.stringify({ tenants: [tenant] }));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'bot@office-u.ac.jp', TENANTS_FILE: tenantsFile });
    app = await compose(config, { logger: silentLogger, clock: () => new Date(sunday) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  after(async () => {
    await app.stop();
    await channel.stop();
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('offers the form, refuses a pasted password, and mails a numbered ticket with a redacted summary to the staff address', async () => {
    const { say, press } = channel.chat(url, 'en-US', { tenant: 'office-u' });
    const [closed, offer] = await say('talk to a person', 2);
    expect(closed!.text).to.equal(t('handoff:closed', { hours: formatHours(t, officeHours) }));
    expect(offer!.text).to.equal(t('handoff:form.offer'));

    const [askEmail] = await press({ action: 'choice', value: 'yes' });
    expect(askEmail!.text).to.equal(t('handoff:form.askEmail'));
    const [askText] = await say('hanako@example.com');
    expect(askText!.text).to.equal(t('handoff:form.askText', { max: 256 }));

    const [warning, askedAgain] = await say('I cannot log in. My password is Abcd1234xy', 2);
    expect(warning!.text).to.equal(t('interruptions:secret'));
    expect(askedAgain!.text).to.equal(askText!.text);

    const [sent] = await say('I cannot log in since yesterday.');
    expect(sent!.text).to.equal(t('handoff:form.sent', { ticket: 'T-000001', email: 'hanako@example.com' }));

    await mailsArrived(smtp, 1);
    const [mail] = await smtp.parsed();
    expect(smtp.received[0]!.rcptTo).to.deep.equal(['desk@office-u.ac.jp']);
    expect(mail!.subject).to.include('T-000001');
    expect(mail!.text).to.include('I cannot log in since yesterday.');
    expect(mail!.text).to.include('hanako@example.com');
    expect(mail!.text).to.include('[redacted]');
    expect(mail!.text).not.to.include('Abcd1234xy');
  });
});

