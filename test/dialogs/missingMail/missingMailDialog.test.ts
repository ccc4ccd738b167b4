import { expect } from 'chai';
import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Activity } from 'botbuilder';
import type { Accounts, MailDelivery, RegistrationStatus } from '../../../services/accounts/accounts.ts';
import { maskEmail } from '../../../services/accounts/reference/maskEmail.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { MISSING_MAIL_DIALOG, MissingMailDialog } from '../../../dialogs/missingMail/missingMailDialog.ts';
import type { MissingMailOptions, MissingMailResult } from '../../../dialogs/missingMail/missingMailDialog.ts';
import { formatJst } from '../../../dialogs/shared/formatJst.ts';
import { InterruptibleDialog } from '../../../dialogs/shared/interruptibleDialog.ts';
import { menuReply } from '../../../dialogs/shared/menuReply.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts, defaultAnswers } from '../../helpers/fakeAccounts.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { TYPING, play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants, graduates, people, user } from '../../services/accounts/contract/fixture.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const HOST = 'missingMailTestHost';
const ROUTE = 'missingMailTestRoute';
const tenant = builtInDemoTenant;
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((candidate) => candidate.id === 'plain-u'));

type Mail = 'confirmation' | 'reset' | 'change';
type Audience = 'student' | 'graduate';

/** Stands in for MainDialog (not part of this journey): begins it with the intent, then shows the menu as offerMore does. */
class HostDialog extends InterruptibleDialog {
  constructor(accounts: Accounts) {
    super(HOST);
    this.addDialog(new MissingMailDialog(accounts));
    this.addDialog(
      new WaterfallDialog<MissingMailOptions>(ROUTE, [
        async (step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> =>
          await step.beginDialog(MISSING_MAIL_DIALOG, { intent: 'confirmation_mail_missing' } satisfies MissingMailOptions),
        async (step: WaterfallStepContext<MissingMailOptions>): Promise<DialogTurnResult> => {
          if (!(step.result as MissingMailResult | undefined)?.unanswered) await step.context.sendActivity(menuReply(step.context, 'common:anythingElse'));
          return await step.endDialog(step.result);
        },
      ]),
    );
    this.initialDialogId = ROUTE;
  }
}

/** What the user types and what the bot answers, per locale; every text comes from the locale files or the tenant. */
function lines(locale: Locale) {
  const t = tFor(locale);
  const label = tenant.loginId.label[locale];
  const adaptive = (reply: Partial<Activity>) => {
    expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
    expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
    expect(cardText(reply)).not.to.include('{{');
  };
  const withButtons = (key: string, buttonKeys: string[]): Expected => (reply) => {
    expect(reply.text).to.equal(t(key));
    adaptive(reply);
    for (const buttonKey of buttonKeys) expect(cardText(reply)).to.include(JSON.stringify(t(buttonKey)).slice(1, -1));
  };
  const choices = (prefix: string, values: string[]) => values.map((value) => `${prefix}.${value}.title`);
  const purpose = (mail: Mail, audience: Audience) => (mail === 'reset' ? `missingMail:purpose.reset.${audience}` : `missingMail:purpose.${mail}`);
  const person = (key: string, args: Record<string, string> = {}): Expected => (reply) => {
    expect(reply.text?.startsWith(`${t(key, args)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
    expect(reply.text).to.include('082-207-4262');
  };
  return {
    t,
    opening: locale === 'ja' ? '確認メールが届きません' : "my confirmation mail hasn't arrived",
    yes: locale === 'ja' ? 'お願いします' : 'yes please',
    wait: locale === 'ja' ? 'もう少し待ちます' : "I'll wait",
    student: locale === 'ja' ? '在学生' : 'current student',
    graduate: locale === 'ja' ? '卒業生' : 'graduate',
    arrived: locale === 'ja' ? '届きました' : 'it arrived',
    notArrived: locale === 'ja' ? 'まだ届きません' : 'not yet',
    birthDate: locale === 'ja' ? '1999年9月9日' : 'September 9, 1999',
    which: withButtons('missingMail:which.question', choices('missingMail:which.choices', ['confirmation', 'reset', 'change', 'authKey'])),
    checklist: (mail: Mail): Expected => (reply) => {
      expect(reply.text).to.equal(t(`missingMail:checklist.intro.${mail}`));
      adaptive(reply);
      expect(cardText(reply)).to.include(t('missingMail:checklist.heading'));
      expect(cardText(reply)).to.include(tenant.senderAddress);
    },
    offer: withButtons('missingMail:offer.question', choices('missingMail:offer.choices', ['yes', 'no'])),
    who: withButtons('missingMail:who.question', choices('missingMail:who.choices', ['student', 'graduate'])),
    intro: (mail: Mail, audience: Audience = 'student') => `${t(purpose(mail, audience))}\n\n${t('identity:intro')}`,
    askLoginId: t('identity:askLoginId', { label, example: tenant.loginId.example }),
    askEmail: t('identity:askEmail'),
    checking: t('identity:checking'),
    askDetail: t('identity:askGraduateDetail'),
    none: t('missingMail:status.none'),
    status: (mail: MailDelivery) => {
      const { date, time } = formatJst(locale, mail.state === 'sent' ? (mail.sentAt ?? mail.queuedAt) : mail.queuedAt);
      return t(`missingMail:status.${mail.state}`, { mail: t(`missingMail:mailKinds.${mail.kind}`), to: mail.maskedTo, date, time });
    },
    sent: (mail: 'confirmation' | 'reset', audience: Audience = 'student') =>
      [
        t(`missingMail:resend.sent.${mail}`),
        t(mail === 'reset' ? `missingMail:resend.validity.reset.${audience}` : 'missingMail:resend.validity.confirmation'),
        t('missingMail:resend.spam'),
      ].join('\n\n'),
    arrival: withButtons('missingMail:arrival.question', choices('missingMail:arrival.choices', ['yes', 'no'])),
    reminder: t('missingMail:arrival.reminder', { sender: tenant.senderAddress }),
    label,
    person,
    menu: (key: string): Expected => (reply) => {
      expect(reply.text).to.equal(t(key));
      adaptive(reply);
      expect(cardText(reply)).to.include(t('cards:menu.topics.contact'));
    },
  };
}

/** From the opening message to the question for the login ID (students) or the email (graduates). */
function upToIdentity(locale: Locale, mail: Mail, audience: Audience = 'student'): Step[] {
  const l = lines(locale);
  const first = audience === 'graduate' ? l.askEmail : l.askLoginId;
  const steps: Step[] = [
    [l.opening, [l.which]],
    [{ action: 'choice', value: mail }, [l.checklist(mail), l.offer]],
  ];
  if (mail !== 'reset') return [...steps, [l.yes, [l.intro(mail), first]]];
  return [...steps, [l.yes, [l.who]], [audience === 'graduate' ? l.graduate : l.student, [l.intro(mail, audience), first]]];
}

/** A student's journey up to the answer to the email question, whose replies the caller gives. */
function studentRun(locale: Locale, mail: Mail, loginId: string, email: string, replies: readonly Expected[]): Step[] {
  const l = lines(locale);
  return [...upToIdentity(locale, mail), [loginId, [l.askEmail]], [email, replies]];
}

describe('MissingMailDialog', () => {
  let reference: ReferenceAccounts;

  beforeEach(async () => {
    reference = await openReferenceAccounts();
  });
  afterEach(async () => {
    await reference.close();
  });

  const chat = (locale: Locale, options: { accounts?: Accounts; tenant?: Tenant } = {}): DialogHarness =>
    dialogClient(() => new HostDialog(options.accounts ?? reference.accounts), {
      locale,
      initialOptions: { intent: 'confirmation_mail_missing' } satisfies MissingMailOptions,
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
  const mailsOf = (kind: string) => reference.mails().filter((mail) => mail.kind === kind);
  const resultOf = (harness: DialogHarness) => (harness.client.dialogTurnResult as { result?: MissingMailResult } | undefined)?.result;
  /** The service's record of a mail, as the port reports it (the reference queue records no send time). */
  const deliveryOf = (id: string, state: MailDelivery['state'], kind = 'emailConfirmation'): MailDelivery => {
    const mail = reference.mails().find((candidate) => candidate.id === id)!;
    return { mailId: id, kind, maskedTo: maskEmail(mail.to), state, queuedAt: mail.queuedAt.toISOString() };
  };
  /** A FakeAccounts whose verified student has this status. */
  const fakeWith = (status: Partial<RegistrationStatus>): FakeAccounts => {
    const fake = new FakeAccounts();
    fake.answers = { ...defaultAnswers(), status: { ...defaultAnswers().status, ...status } };
    return fake;
  };

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = lines(locale);

      describe('the registration confirmation mail', () => {
        it('gives the checklist, checks the identity, resends: exactly one mail, to the address awaiting confirmation', async () => {
          const harness = chat(locale);
          await play(harness, [
            ...studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]),
            [l.arrived, [l.t('missingMail:arrival.arrived.confirmation'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails().map((mail) => [mail.kind, mail.to])).to.deep.equal([['emailConfirmation', people.pending.email]]);
        });

        it('answers "it has not arrived" with the new mail\'s delivery status, what is left to check, and a person', async () => {
          const harness = chat(locale);
          await play(harness, studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]));
          const [mail] = reference.mails();
          reference.harness.mail.mark(mail!.id, 'sent', '250 2.0.0 OK');
          await play(harness, [
            [l.notArrived, [TYPING, `${l.status(deliveryOf(mail!.id, 'sent'))}\n\n${l.reminder}`, l.person('missingMail:arrival.stillMissing'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.have.length(1);
        });

        it('tells an account whose address is already registered that no confirmation is needed, and sends nothing', async () => {
          await play(chat(locale), [
            ...studentRun(locale, 'confirmation', people.healthy.loginId, people.healthy.email, [l.checking, TYPING, TYPING, l.none, l.t('missingMail:confirmation.alreadyDone'), l.menu('common:anythingElse')]),
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('does not resend a refused mail: the reply code, and how to enter the address again', async () => {
          const bounced: MailDelivery = {
            mailId: 'm1',
            kind: 'emailConfirmation',
            maskedTo: 'ji***@ex***.com',
            state: 'bounced',
            queuedAt: '2026-04-01T01:00:00.000Z',
            detail: "Can't send mail - all recipients were rejected: 550 5.1.1 <jiro@exmaple.com>: Recipient address rejected",
          };
          const fake = fakeWith({ stage: 'email_pending', lastMail: bounced });
          const refused = `${l.status(bounced)}\n${l.t('missingMail:status.serverReply', { code: '550 5.1.1' })}`;
          await play(chat(locale, { accounts: fake }), [
            ...studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [
              l.checking,
              TYPING,
              TYPING,
              refused,
              l.t('missingMail:bounced.confirmation', { label: l.label }),
              l.menu('common:anythingElse'),
            ]),
          ]);
          expect(fake.methods()).to.deep.equal(['verifyIdentity', 'registrationStatus']);
        });

        it('says when the last mail reached the mail server, in Japan time, before resending', async () => {
          const sent: MailDelivery = { mailId: 'm1', kind: 'emailConfirmation', maskedTo: 'ji***@ex***.com', state: 'sent', queuedAt: '2026-04-01T01:01:00.000Z', sentAt: '2026-04-01T01:02:00.000Z' };
          const fake = fakeWith({ stage: 'email_pending', lastMail: sent });
          const at: Expected = (reply) => {
            expect(reply.text).to.equal(l.status(sent));
            expect(reply.text).to.include('10:02');
          };
          await play(chat(locale, { accounts: fake }), studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [l.checking, TYPING, TYPING, at, l.sent('confirmation'), l.arrival]));
          expect(fake.methods()).to.deep.equal(['verifyIdentity', 'registrationStatus', 'resendEmailConfirmation']);
        });
      });

      describe('the second-password reset mail', () => {
        it('resends it to a current student after the identity check', async () => {
          await play(chat(locale), [
            ...upToIdentity(locale, 'reset'),
            [people.healthy.loginId, [l.askEmail]],
            [people.healthy.email, [l.checking, TYPING, TYPING, l.none, l.sent('reset'), l.arrival]],
            [l.arrived, [l.t('missingMail:arrival.arrived.reset.student'), l.menu('common:anythingElse')]],
          ]);
          expect(mailsOf('secondPasswordReset').map((mail) => mail.to)).to.deep.equal([people.healthy.email]);
          expect(reference.mails().every((mail) => mail.to === people.healthy.email)).to.equal(true);
        });

        it('resends the password reset to a graduate checked by email and birth date', async () => {
          await play(chat(locale), [
            ...upToIdentity(locale, 'reset', 'graduate'),
            [graduates.approved.email, [l.askDetail]],
            [l.birthDate, [l.checking, TYPING, TYPING, l.none, l.sent('reset', 'graduate'), l.arrival]],
            [l.arrived, [l.t('missingMail:arrival.arrived.reset.graduate'), l.menu('common:anythingElse')]],
          ]);
          expect(mailsOf('graduatePasswordReset').map((mail) => mail.to)).to.deep.equal([graduates.approved.email]);
        });

        it('sends an account past the failure limit to a person, without a mail', async () => {
          await play(chat(locale), [
            ...upToIdentity(locale, 'reset'),
            [people.blocked.loginId, [l.askEmail]],
            [people.blocked.email, [l.checking, TYPING, TYPING, l.none, l.person('missingMail:resend.locked'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('the email change confirmation', () => {
        it('shows the delivery status, then how to enter the change again or reach a person: no port call resends it', async () => {
          const fake = new FakeAccounts();
          const [sent] = [fake.answers.status.lastMail!];
          await play(chat(locale, { accounts: fake }), [
            ...studentRun(locale, 'change', people.healthy.loginId, people.healthy.email, [
              l.checking,
              TYPING,
              TYPING,
              l.status({ ...sent, kind: 'other' }),
              l.person('missingMail:change.redo'),
              l.menu('common:anythingElse'),
            ]),
          ]);
          expect(fake.methods()).to.deep.equal(['verifyIdentity', 'registrationStatus']);
        });

        it('gives an unverified claim the replies of an account without a record, and sends nothing', async () => {
          await play(chat(locale), studentRun(locale, 'change', 's7654321', 'nobody@example-u.ac.jp', [l.checking, TYPING, TYPING, l.none, l.person('missingMail:change.redo'), l.menu('common:anythingElse')]));
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('the authentication key', () => {
        it('begins the authentication-key journey', async () => {
          const explained: Expected = (reply) => {
            expect(reply.text?.startsWith(l.t('authKey:missing.why'))).to.equal(true);
            expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
          };
          await play(chat(locale), [
            [l.opening, [l.which]],
            [{ action: 'choice', value: 'authKey' }, [explained, l.t('authKey:offer.question')]],
          ]);
        });

        it('is not offered, nor the reset mail, where the university has neither', async () => {
          const which: Expected = (reply) => {
            expect(reply.text).to.equal(l.t('missingMail:which.question'));
            expect(cardText(reply)).not.to.include(JSON.stringify(l.t('missingMail:which.choices.authKey.title')).slice(1, -1));
            expect(cardText(reply)).not.to.include(JSON.stringify(l.t('missingMail:which.choices.reset.title')).slice(1, -1));
            expect(cardText(reply)).to.include(JSON.stringify(l.t('missingMail:which.choices.change.title')).slice(1, -1));
          };
          await play(chat(locale, { tenant: plainTenant }), [[l.opening, [which]]]);
        });
      });

      describe('no account enumeration', () => {
        it('answers an unknown ID, a wrong email and someone else\'s ID with the same replies, byte for byte, and sends no mail', async () => {
          const run = (loginId: string, email: string): Step[] => [
            ...studentRun(locale, 'confirmation', loginId, email, [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]),
            [l.notArrived, [TYPING, `${l.none}\n\n${l.reminder}`, l.person('missingMail:arrival.stillMissing'), l.menu('common:anythingElse')]],
          ];
          const unknown = await play(chat(locale), run('s7654321', 'nobody@example-u.ac.jp'));
          const wrongEmail = await play(chat(locale), run(people.pending.loginId, 'nobody@example-u.ac.jp'));
          const someoneElse = await play(chat(locale), run(people.pending.loginId, people.healthy.email));
          expect(wrongEmail).to.deep.equal(unknown);
          expect(someoneElse).to.deep.equal(unknown);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('gives a verified account without a delivery record exactly the replies of an unknown one, up to "did it arrive?"', async () => {
          const verified = await play(chat(locale), studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]));
          const unknown = await play(chat(locale), studentRun(locale, 'confirmation', 's7654321', 'nobody@example-u.ac.jp', [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]));
          expect(unknown).to.deep.equal(verified);
          expect(reference.mails()).to.have.length(1);
        });

        it('gives an unverified claim past any budget the reply of a mail sent', async () => {
          const account = await reference.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...people.pending }, user);
          if (!account.verified) throw new Error('fixture did not verify');
          for (let send = 0; send < 5; send++) await reference.accounts.resendEmailConfirmation(account.account, user);
          await play(chat(locale), studentRun(locale, 'confirmation', people.pending.loginId, 'nobody@example.com', [l.checking, TYPING, TYPING, l.none, l.sent('confirmation'), l.arrival]));
          expect(reference.mails()).to.have.length(5);
        });
      });

      describe('the send budget', () => {
        it('answers a verified account past its budget with the next allowed time in Japan, and sends no 6th mail', async () => {
          const account = await reference.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...people.pending }, user);
          if (!account.verified) throw new Error('fixture did not verify');
          for (let send = 0; send < 5; send++) await reference.accounts.resendEmailConfirmation(account.account, user);
          const latest = reference.mails().at(-1)!;
          const nextAllowed = new Date(reference.harness.clock().getTime() + 24 * 60 * 60 * 1000);
          await play(chat(locale), studentRun(locale, 'confirmation', people.pending.loginId, people.pending.email, [
            l.checking,
            TYPING,
            TYPING,
            l.status(deliveryOf(latest.id, 'queued')),
            l.t('missingMail:resend.budget', formatJst(locale, nextAllowed)),
            l.menu('common:anythingElse'),
          ]));
          expect(mailsOf('emailConfirmation')).to.have.length(5);
        });
      });

      describe('bad input', () => {
        it('reads a full-width email half-width, says so, and resends', async () => {
          const fullWidth = [...people.pending.email].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');
          await play(chat(locale), studentRun(locale, 'confirmation', people.pending.loginId, fullWidth, [
            l.t('identity:normalized.fullWidth', { value: people.pending.email }),
            l.checking,
            TYPING,
            TYPING,
            l.none,
            l.sent('confirmation'),
            l.arrival,
          ]));
          expect(mailsOf('emailConfirmation').map((mail) => mail.to)).to.deep.equal([people.pending.email]);
        });

        it('removes spaces inside an email, says so, and resends', async () => {
          await play(chat(locale), studentRun(locale, 'confirmation', people.pending.loginId, ' jiro @example.com ', [
            l.t('identity:normalized.spaces', { value: people.pending.email }),
            l.checking,
            TYPING,
            TYPING,
            l.none,
            l.sent('confirmation'),
            l.arrival,
          ]));
          expect(mailsOf('emailConfirmation')).to.have.length(1);
        });

        it('asks again for an ID not in the university format, without calling the service', async () => {
          const wrongFormat = `${l.t('identity:loginId.wrongFormat', { label: l.label, example: tenant.loginId.example })}\n\n${l.askLoginId}`;
          const fake = new FakeAccounts();
          await play(chat(locale, { accounts: fake }), [
            ...upToIdentity(locale, 'confirmation'),
            ['12345', [wrongFormat]],
            [people.pending.loginId, [l.askEmail]],
          ]);
          expect(fake.calls).to.deep.equal([]);
        });

        it('keeps the checklist question open for a question of another topic: the journey ends unanswered, for MainDialog', async () => {
          const harness = chat(locale);
          await play(harness, [
            [l.opening, [l.which]],
            [{ action: 'choice', value: 'confirmation' }, [l.checklist('confirmation'), l.offer]],
            [locale === 'ja' ? '証明書の印刷期限は？' : 'what is the printing deadline?', []],
          ]);
          expect(resultOf(harness)).to.deep.equal({ unanswered: true });
        });

        it('lets a user who will wait go, and sends nothing', async () => {
          await play(chat(locale), [
            [l.opening, [l.which]],
            [{ action: 'choice', value: 'reset' }, [l.checklist('reset'), l.offer]],
            [l.wait, [l.t('missingMail:offer.declined'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('takes a choice typed as its title', async () => {
          await play(chat(locale), [
            [l.opening, [l.which]],
            [l.t('missingMail:which.choices.change.title'), [l.checklist('change'), l.offer]],
          ]);
        });
      });

      describe('interruptions', () => {
        it('switches language mid-journey and finishes in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = lines(other);
          await play(chat(locale), [
            ...upToIdentity(locale, 'confirmation'),
            [people.pending.loginId, [l.askEmail]],
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.askEmail]],
            [people.pending.email, [o.checking, TYPING, TYPING, o.none, o.sent('confirmation'), o.arrival]],
            [o.arrived, [o.t('missingMail:arrival.arrived.confirmation'), o.menu('common:anythingElse')]],
          ]);
          expect(mailsOf('emailConfirmation')).to.have.length(1);
        });

        it('stops for a person mid-journey: the call center and the menu, and no mail', async () => {
          await play(chat(locale), [
            ...upToIdentity(locale, 'confirmation'),
            [people.pending.loginId, [l.askEmail]],
            [locale === 'ja' ? '担当者と話したい' : 'talk to a person', [l.person('interruptions:person'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('apologises and offers a person when the accounts service is down after the check', async () => {
          const down = new (class extends FakeAccounts {
            override async registrationStatus(): Promise<never> {
              this.calls.push({ method: 'registrationStatus', args: [] });
              throw new DependencyError('accounts', 'account service unreachable');
            }
          })();
          await play(
            chat(locale, { accounts: down }),
            studentRun(locale, 'reset', people.healthy.loginId, people.healthy.email, [l.checking, TYPING, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]),
          );
          expect(down.methods()).to.deep.equal(['verifyIdentity', 'registrationStatus']);
        });
      });
    });
  }
});
