import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { people } from '../../services/accounts/contract/fixture.ts';
import { agent, openStaffHarness, yesOf } from './staffHarness.ts';
import type { StaffHarness } from './staffHarness.ts';

/** What a user sees of the replies, for a byte-for-byte comparison. */
const seen = (replies: Array<Partial<Activity>>): string => JSON.stringify(replies.map(({ type, text, attachments }) => ({ type, text, attachments })));

/** The replies of a fresh conversation to one message. */
async function firstReplies(locale: Locale, text: string, options: { staffMiddleware?: boolean; extra?: Partial<Activity> } = {}): Promise<{ replies: string; harness: StaffHarness }> {
  const harness = await openStaffHarness({ locale, ...(options.staffMiddleware === false ? { staffMiddleware: false } : {}) });
  return { replies: seen(await harness.send(undefined, text, options.extra)), harness };
}

/** Each forged claim a client can make about itself: none makes it staff. */
const forgeries: Array<[string, Partial<Activity>]> = [
  ['from.id of an agent', { from: { id: 'agent01', name: 'Sato' } }],
  ['from.id of a console member', { from: { id: 'staff:super01', name: 'Tanaka' } }],
  ['channelData naming a staff member', { channelData: { staff: { id: 'super01', role: 'supervisor' }, role: 'supervisor', staffId: 'super01' } }],
  ['the console channel and conversation', { channelId: 'agentconsole', conversation: { id: 'agent-console.super01' } as Activity['conversation'] }],
  ['a Teams identity on an unauthenticated channel', { channelId: 'msteams', from: { id: '29:x', name: 'T', aadObjectId: '00000000-0000-0000-0000-000000000001' }, channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000aa' } } }],
];

describe('staff commands from anyone else (issue 7 item 4)', function () {
  this.timeout(30_000);
  const opened: StaffHarness[] = [];
  const track = <T extends { harness: StaffHarness }>(result: T): T => {
    opened.push(result.harness);
    return result;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((harness) => harness.close()));
  });

  for (const [locale, command, unknown] of [
    ['en', '/status s1234567', '/frobnicate s1234567'],
    ['en', '/unlock s4000001 locked out T-000001', '/frobnicate s4000001 locked out T-000001'],
    ['ja', '状態 s1234567', '状況表示 s1234567'],
    ['ja', 'ロック解除 s4000001 ロックされた', 'ロック外し s4000001 ロックされた'],
  ] as const) {
    context(`"${command}" (${locale})`, () => {
      it('gets exactly the reply it got before staff commands existed, and the reply of an unknown command', async () => {
        const withStaff = track(await firstReplies(locale, command));
        const without = track(await firstReplies(locale, command, { staffMiddleware: false }));
        const unknownCommand = track(await firstReplies(locale, unknown));
        expect(withStaff.replies).to.equal(without.replies);
        expect(withStaff.replies).to.equal(unknownCommand.replies);
      });

      it('is audited as denied, keeping only the command name', async () => {
        const { harness } = track(await firstReplies(locale, command));
        const entries = (await harness.audit()).filter((entry) => entry.action.startsWith('staff.'));
        expect(entries).to.have.length(1);
        const [entry] = entries;
        expect(entry!.actor).to.deep.equal({ kind: 'user', conversationId: entry!.actor.kind === 'user' ? entry!.actor.conversationId : '' });
        expect(entry).to.include({ result: 'denied', detail: 'not_staff' });
        expect(entry!.action).to.match(/^staff\.(status|unlock)$/);
        expect(JSON.stringify(entry)).to.not.include('s1234567').and.not.include('s4000001');
        // Nothing was looked up: the account service has no entry at all.
        expect((await harness.audit()).filter((found) => found.action.startsWith('accounts.'))).to.have.length(0);
      });
    });
  }

  for (const [name, extra] of forgeries) {
    it(`does not take ${name} for staff`, async () => {
      const forged = track(await firstReplies('en', '/status s1234567 please', { extra }));
      const plain = track(await firstReplies('en', '/status s1234567 please'));
      expect(forged.replies).to.equal(plain.replies);
      const denied = (await forged.harness.audit()).filter((entry) => entry.result === 'denied');
      expect(denied.map((entry) => entry.action)).to.deep.equal(['staff.status']);
      expect((await forged.harness.audit()).filter((entry) => entry.action === 'accounts.staffSummary')).to.have.length(0);
    });
  }

  it('a card button value of a staff action is denied like typed text', async () => {
    const value = { action: 'staff', command: 'unlock', account: 's4000001', tenant: 'example-u' };
    const harness = await openStaffHarness({ locale: 'en' });
    opened.push(harness);
    const replies = seen(await harness.send(undefined, value));
    const baseline = await openStaffHarness({ locale: 'en', staffMiddleware: false });
    opened.push(baseline);
    expect(replies).to.equal(seen(await baseline.send(undefined, value)));
    expect((await harness.audit()).map((entry) => [entry.action, entry.result])).to.deep.equal([['staff.unlock', 'denied']]);
  });

  it("someone else's yes does not confirm a staff member's pending action; it is understood afresh", async () => {
    const harness = await openStaffHarness({ locale: 'en' });
    opened.push(harness);
    const [card] = await harness.send(agent, '/reset s1234567 forgot second password T-000001');
    const replies = seen(await harness.send(undefined, yesOf(card)));
    const baseline = await openStaffHarness({ locale: 'en' });
    opened.push(baseline);
    expect(replies).to.equal(seen(await baseline.send(undefined, yesOf(card))));
    expect(harness.reference.mails().filter((mail) => mail.to === people.healthy.email)).to.have.length(0);
  });
});
