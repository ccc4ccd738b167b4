import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { BotClient } from '../helpers/botClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
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

/** Resolves once the SMTP server has taken `count` messages (it has no event of its own: its list is watched). */
async function mailsArrived(sink: SmtpSink, count: number): Promise<void> {
  const arrivals = new EventEmitter();
  const push = sink.received.push.bind(sink.received);
  sink.received.push = (...items) => {
    const length = push(...items);
    arrivals.emit('mail');
    return length;
  };
  while (sink.received.length < count) await once(arrivals, 'mail');
}

describe('the message form outside agent hours (real server, real SMTP)', function () {
  this.timeout(60_000);
  const replies = new ReplySink();
  let smtp: SmtpSink;
  let dataDir: string;
  let app: App;
  let url: string;
  let serviceUrl: string;

  before(async () => {
    smtp = await new SmtpSink().start();
    serviceUrl = await replies.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-ticket-'));
    const tenantsFile = path.join(dataDir, 'tenants.json');
    await writeFile(tenantsFile, JSON.stringify({ tenants: [tenant] }));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'bot@office-u.ac.jp', TENANTS_FILE: tenantsFile });
    app = await compose(config, { logger: silentLogger, clock: () => new Date(sunday) });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  after(async () => {
    await app.stop();
    await replies.stop();
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('offers the form, refuses a pasted password, and mails a numbered ticket with a redacted summary to the staff address', async () => {
    const user = new BotClient(url, serviceUrl, { locale: 'en-US', tenant: 'office-u' });
    await user.say('talk to a person');
    const [closed, offer] = await replies.waitFor(user.conversationId, 2);
    expect(closed!.text).to.equal(t('handoff:closed', { hours: formatHours(t, officeHours) }));
    expect(offer!.text).to.equal(t('handoff:form.offer'));

    await user.press({ action: 'choice', value: 'yes' });
    const [askEmail] = await replies.waitFor(user.conversationId, 1, 2);
    expect(askEmail!.text).to.equal(t('handoff:form.askEmail'));
    await user.say('hanako@example.com');
    const [askText] = await replies.waitFor(user.conversationId, 1, 3);
    expect(askText!.text).to.equal(t('handoff:form.askText', { max: 256 }));

    await user.say('I cannot log in. My password is Abcd1234xy');
    const [warning, askedAgain] = await replies.waitFor(user.conversationId, 2, 4);
    expect(warning!.text).to.equal(t('interruptions:secret'));
    expect(askedAgain!.text).to.equal(askText!.text);

    await user.say('I cannot log in since yesterday.');
    const [sent] = await replies.waitFor(user.conversationId, 1, 6);
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

