import { expect } from 'chai';
import { mailsArrived, startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';
import type { SinkActivity } from '../helpers/replySink.ts';
import { AgentClient } from '../bot/agentConsole/agentClient.ts';
import { createI18n } from '../../services/i18n/i18n.ts';

const i18n = createI18n();
const en = i18n.getFixedT('en');
const ja = i18n.getFixedT('ja');

interface ConsoleActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: { actions?: Array<{ data: Record<string, unknown> }> } }>;
}

/** A staff box turn, as the console page would send it. */
async function staffTurn(agent: AgentClient, body: Record<string, unknown>): Promise<ConsoleActivity[]> {
  const { status, body: answer } = await agent.post('/staff/turn', { locale: 'en', ...body });
  expect(status, JSON.stringify(answer)).to.equal(200);
  return (answer as { activities: ConsoleActivity[] }).activities;
}

const yesOf = (activity: ConsoleActivity | undefined): Record<string, unknown> => {
  const yes = activity?.attachments?.[0]?.content.actions?.find((action) => action.data.answer === 'yes');
  if (!yes) throw new Error(`no Yes button in ${JSON.stringify(activity)}`);
  return yes.data;
};

describe('staff actions from the agent console (real server over HTTP, real SMTP)', function () {
  this.timeout(60_000);
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e({ mailFrom: 'noreply@example-u.ac.jp' });
  });
  after(async () => {
    await e2e.stop();
  });

  it('an agent checks a status, confirms a reset, and the mail and the staff notice arrive by SMTP', async () => {
    const agent = new AgentClient(e2e.url);
    expect((await agent.login('agent01', 'demo-agent-01')).status).to.equal(200);

    const [status] = await staffTurn(agent, { text: '/status s1234567 user says the reset mail never came T-000001' });
    expect(status!.text).to.equal(en('staff:status.intro', { account: 's1234567' }));
    expect(JSON.stringify(status!.attachments)).to.include('ta***@').and.not.include('taro@example-u.ac.jp');

    const [card] = await staffTurn(agent, { text: '/reset s1234567 forgot second password T-000001' });
    expect(card!.text).to.equal(en('staff:confirm.question'));
    expect(e2e.smtp.received).to.have.length(0);
    const [done] = await staffTurn(agent, { value: yesOf(card) });
    expect(done!.text).to.match(/^Done\. The reset mail is queued for ta\*\*\*@/);

    await mailsArrived(e2e.smtp, 2);
    const mails = await e2e.smtp.parsed();
    expect(e2e.smtp.received.every((mail) => mail.rcptTo.join() === 'taro@example-u.ac.jp')).to.equal(true);
    const notice = mails.find((mail) => mail.text?.includes(ja('accountMail:actors.staff')));
    expect(notice, mails.map((mail) => mail.subject).join(' | ')).to.not.equal(undefined);
    expect(mails.some((mail) => /\/account\/second-password\?t=/.test(mail.text ?? ''))).to.equal(true);
  });

  it("shows, in the status, the user's conversation that is waiting for a person as an open case", async () => {
    const agent = new AgentClient(e2e.url);
    expect((await agent.login('agent01', 'demo-agent-01')).status).to.equal(200);
    const user = e2e.chat('ja-JP');
    for (const text of ['認証キーが届きません', 'はい', 's1234567', 'taro@example-u.ac.jp']) await user.say(text);
    await user.say('担当者と話したい');

    const [status] = await staffTurn(agent, { text: '/status s1234567 user is waiting in the queue T-000002' });
    expect(JSON.stringify(status!.attachments)).to.include(`${user.user.conversationId} (queued)`);
  });

  it('needs the session cookie and the CSRF header, and runs nothing without them', async () => {
    const stranger = new AgentClient(e2e.url);
    expect((await stranger.post('/staff/turn', { text: '/status s1234567 x T-000001' })).status).to.equal(401);
    const agent = new AgentClient(e2e.url);
    await agent.login('agent01', 'demo-agent-01');
    expect((await agent.post('/staff/turn', { text: '/status s1234567 x T-000001' }, { csrf: false })).status).to.equal(403);
  });

  it('lets supervisors, not agents, read the audit by account and by staff member, and export CSV', async () => {
    const agent = new AgentClient(e2e.url);
    await agent.login('agent01', 'demo-agent-01');
    expect((await agent.get('/audit?account=s1234567')).status).to.equal(403);

    const supervisor = new AgentClient(e2e.url);
    await supervisor.login('super01', 'demo-super-01');
    const byAccount = await supervisor.get<{ entries: Array<Record<string, string>> }>('/audit?account=s1234567&tenant=example-u');
    expect(byAccount.status).to.equal(200);
    const reset = byAccount.body.entries.find((entry) => entry.action === 'staff.resetSecondPassword');
    expect(reset).to.include({ actor: 'agent01', role: 'agent', reason: 'forgot second password', result: 'ok', conversation: 'T-000001', tenant: 'example-u' });
    const byStaff = await supervisor.get<{ entries: Array<Record<string, string>> }>('/audit?staff=agent01');
    expect(byStaff.body.entries.map((entry) => entry.action)).to.include.members(['staff.status', 'staff.resetSecondPassword', 'accounts.sendSecondPasswordReset']);

    const csv = await fetch(`${e2e.url}/agent/api/audit?staff=agent01&format=csv`, { headers: { cookie: supervisor.cookie! } });
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).to.equal('at,actor,role,action,tenant,account,reason,result,detail,conversation');
    expect(text).to.include('staff.resetSecondPassword').and.include('forgot second password');
  });

  it('answers a user who types a staff command exactly as an unknown command, and audits it as denied', async () => {
    const forged = e2e.chat('en-US', { tenant: 'example-u', userId: 'agent01' });
    const forgedReplies = await forged.send({ text: '/status s1234567', channelData: { tenant: 'example-u', staff: { id: 'super01', role: 'supervisor' } } });
    const unknownReplies = await e2e.chat('en-US', { tenant: 'example-u' }).say('/frobnicate s1234567');
    const shown = (activities: SinkActivity[]) => JSON.stringify(activities.map(({ type, text, attachments }) => ({ type, text, attachments })));
    expect(shown(forgedReplies)).to.equal(shown(unknownReplies));
    const denied = (await e2e.running.app.backing.audit.find({}, 50)).filter((entry) => entry.result === 'denied' && entry.action === 'staff.status');
    expect(denied).to.have.length(1);
    expect(denied[0]!.actor).to.deep.equal({ kind: 'user', conversationId: forged.user.conversationId });
  });
});
