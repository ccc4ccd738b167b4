import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Accounts } from '../../../services/accounts/accounts.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import type { Nlu } from '../../../services/nlu/nlu.ts';
import { ruleProblems } from '../../../services/accounts/reference/passwordRules.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import type { PasswordExample } from '../../../dialogs/cards/passwordRulesCard.ts';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { formatJst } from '../../../dialogs/shared/formatJst.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { TYPING, play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants, graduates, people } from '../../services/accounts/contract/fixture.ts';
import { trainedNlu } from '../../services/nlu/trainedNlu.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((tenant) => tenant.id === 'plain-u'));

type Audience = 'student' | 'graduate';

/** What the user types and what the bot answers, per locale; every text comes from the locale files or the tenant. */
function lines(locale: Locale) {
  const t = tFor(locale);
  const tenant = builtInDemoTenant;
  const label = tenant.loginId.label[locale];
  const askLoginId = t('identity:askLoginId', { label, example: tenant.loginId.example });
  const askEmail = t('identity:askEmail');
  const adaptive = (reply: Partial<Activity>, index = 0) => {
    expect(reply.attachments?.[index]?.contentType).to.equal(ADAPTIVE);
    expect(validateCard(reply.attachments?.[index]?.content)).to.deep.equal([]);
  };
  const withButtons = (key: string, buttonKeys: string[]): Expected => (reply) => {
    expect(reply.text).to.equal(t(key));
    adaptive(reply);
    for (const buttonKey of buttonKeys) expect(cardText(reply)).to.include(t(buttonKey));
  };
  const person = (key: string, args: Record<string, string> = {}): Expected => (reply) => {
    expect(reply.text?.startsWith(`${t(key, args)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
    expect(reply.text).to.include('082-207-4262');
  };
  const menu = (key: string): Expected => (reply) => {
    expect(reply.text).to.equal(t(key));
    adaptive(reply);
    expect(cardText(reply)).to.include(t('cards:menu.topics.contact'));
  };
  return {
    t,
    askLoginId,
    askEmail,
    checking: t('identity:checking'),
    askDetail: t('identity:askGraduateDetail'),
    forgot: locale === 'ja' ? '第2パスワードを忘れました' : 'I forgot my second password',
    student: locale === 'ja' ? '在学生' : 'current student',
    graduate: locale === 'ja' ? '卒業生' : 'graduate',
    birthDate: locale === 'ja' ? '１９９９年９月９日' : 'September 9, 1999',
    arrived: locale === 'ja' ? '届きました' : 'it arrived',
    notArrived: locale === 'ja' ? 'まだ届きません' : 'not yet',
    who: withButtons('secondPassword:who.question', ['secondPassword:who.choices.student.title', 'secondPassword:who.choices.graduate.title']),
    intro: (audience: Audience) => `${t(`secondPassword:forgot.purpose.${audience}`)}\n\n${t('identity:intro')}`,
    sent: (audience: Audience): Expected => (reply) => {
      const text = [t('secondPassword:forgot.sent'), t(`secondPassword:forgot.validity.${audience}`), t('secondPassword:forgot.spam')];
      expect(reply.text).to.equal(text.join('\n\n'));
      adaptive(reply);
      expect(cardText(reply)).to.include(t(audience === 'graduate' ? 'passwordRules:headingGraduate' : 'passwordRules:heading'));
    },
    arrival: withButtons('secondPassword:arrival.question', ['secondPassword:arrival.choices.yes.title', 'secondPassword:arrival.choices.no.title']),
    person,
    menu,
    note: (kind: 'spaces' | 'fullWidth', value: string) => t(`identity:normalized.${kind}`, { value }),
    secret: t('interruptions:secret'),
  };
}

/** The student's journey up to "did it arrive?", with the given answers. */
function studentReset(locale: Locale, loginId: string, email: string): Step[] {
  const l = lines(locale);
  return [
    [l.forgot, [l.who]],
    [l.student, [l.intro('student'), l.askLoginId]],
    [loginId, [l.askEmail]],
    [email, [l.checking, TYPING, l.sent('student'), l.arrival]],
  ];
}

describe('SecondPasswordDialog', () => {
  let nlu: Nlu;
  let reference: ReferenceAccounts;

  before(async () => {
    nlu = await trainedNlu();
  });
  beforeEach(async () => {
    reference = await openReferenceAccounts();
  });
  afterEach(async () => {
    await reference.close();
  });

  const chat = (locale: Locale, options: { accounts?: Accounts; tenant?: Tenant } = {}): DialogHarness =>
    dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses'), options.accounts ?? reference.accounts), {
      locale,
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });

  const resetMails = (kind = 'secondPasswordReset') => reference.mails().filter((mail) => mail.kind === kind);

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = lines(locale);

      describe('forgot', () => {
        it('sends exactly one reset mail to the registered address, then asks whether it arrived', async () => {
          const harness = chat(locale);
          await play(harness, [
            ...studentReset(locale, people.healthy.loginId, people.healthy.email),
            [l.arrived, [l.t('secondPassword:arrival.arrived.student'), l.menu('common:anythingElse')]],
          ]);
          expect(resetMails().map((mail) => mail.to)).to.deep.equal([people.healthy.email]);
          expect(reference.mails().every((mail) => mail.to === people.healthy.email)).to.equal(true);
        });

        it('answers an unknown account with the same replies, byte for byte, and sends no mail', async () => {
          const known = await play(chat(locale), studentReset(locale, people.healthy.loginId, people.healthy.email));
          const before = reference.mails().length;
          const unknown = await play(chat(locale), studentReset(locale, 's7654321', 'nobody@example-u.ac.jp'));
          expect(unknown).to.deep.equal(known);
          expect(reference.mails().length).to.equal(before);
        });

        it('takes about as long to answer an unknown account as to send the mail (medians within 50 ms)', async () => {
          const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
          for (let round = 0; round < 5; round++) {
            for (const [which, loginId, email] of [
              ['known', people.healthy.loginId, people.healthy.email],
              ['unknown', 's7654321', 'nobody@example-u.ac.jp'],
            ] as const) {
              const harness = chat(locale);
              const steps = studentReset(locale, loginId, email);
              await play(harness, steps.slice(0, 3));
              const began = performance.now();
              await play(harness, steps.slice(3));
              timings[which].push(performance.now() - began);
            }
          }
          const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
          expect(Math.abs(median(timings.known) - median(timings.unknown))).to.be.below(50);
        });

        it("answers someone else's login ID with your email the same way, and sends no mail", async () => {
          const known = await play(chat(locale), studentReset(locale, people.healthy.loginId, people.healthy.email));
          const before = reference.mails().length;
          const mixed = await play(chat(locale), studentReset(locale, people.noSecond.loginId, people.healthy.email));
          expect(mixed).to.deep.equal(known);
          expect(reference.mails().length).to.equal(before);
        });

        it('answers the 6th request of the day with the time of the next allowed one (Japan time), and sends no 6th mail', async () => {
          for (let request = 0; request < 5; request++) await play(chat(locale), studentReset(locale, people.healthy.loginId, people.healthy.email));
          const nextAllowed = new Date(reference.harness.clock().getTime() + 24 * 60 * 60 * 1000);
          const steps = studentReset(locale, people.healthy.loginId, people.healthy.email);
          steps[3] = [people.healthy.email, [l.checking, TYPING, l.t('secondPassword:forgot.budget', formatJst(locale, nextAllowed)), l.menu('common:anythingElse')]];
          await play(chat(locale), steps);
          expect(resetMails()).to.have.length(5);
        });

        it('points out a full-width email and one with spaces, reads them, and sends the mail', async () => {
          const harness = chat(locale);
          const steps = studentReset(locale, people.healthy.loginId, people.healthy.email);
          steps[3] = ['ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ', [l.note('fullWidth', people.healthy.email), l.checking, TYPING, l.sent('student'), l.arrival]];
          await play(harness, steps);
          steps[3] = ['taro@ example-u.ac.jp', [l.note('spaces', people.healthy.email), l.checking, TYPING, l.sent('student'), l.arrival]];
          await play(chat(locale), steps);
          expect(resetMails().map((mail) => mail.to)).to.deep.equal([people.healthy.email, people.healthy.email]);
        });

        it('tells a wrong ID format, an empty message and a 5,000-character one apart, then carries on', async () => {
          const wrongFormat = l.t('identity:loginId.wrongFormat', { label: builtInDemoTenant.loginId.label[locale], example: 's1234567' });
          const [start, who, loginId, email] = studentReset(locale, people.healthy.loginId, people.healthy.email);
          await play(chat(locale), [
            start!,
            who!,
            ['12-345', [`${wrongFormat}\n\n${l.askLoginId}`]],
            ['', [l.askLoginId]],
            ['あ'.repeat(5000), [`${l.t('identity:tooLong')}\n\n${l.askLoginId}`]],
            loginId!,
            email!,
          ]);
          expect(resetMails()).to.have.length(1);
        });

        it('switches language mid-journey and finishes in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = lines(other);
          const [start, who, loginId] = studentReset(locale, people.healthy.loginId, people.healthy.email);
          await play(chat(locale), [
            start!,
            who!,
            loginId!,
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.askEmail]],
            [people.healthy.email, [o.checking, TYPING, o.sent('student'), o.arrival]],
            [o.arrived, [o.t('secondPassword:arrival.arrived.student'), o.menu('common:anythingElse')]],
          ]);
        });

        it('stops for a person mid-journey: the call center and the menu, and no mail', async () => {
          const [start, who] = studentReset(locale, people.healthy.loginId, people.healthy.email);
          const harness = chat(locale);
          await play(harness, [
            start!,
            who!,
            [locale === 'ja' ? '担当者と話したい' : 'talk to a person', [l.person('interruptions:person'), l.menu('common:anythingElse')]],
            [locale === 'ja' ? 'こんにちは' : 'hello', [l.menu('common:greeting')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('refuses a pasted password in the first message and at a step, and never keeps it in state', async () => {
          const harness = chat(locale);
          const [, who, , email] = studentReset(locale, people.healthy.loginId, people.healthy.email);
          await play(harness, [
            [`${l.forgot} Sakura2026`, [l.secret, l.who]],
            who!,
            ['Himitsu2025', [l.secret, l.askLoginId]],
            [people.healthy.loginId, [l.askEmail]],
            email!,
          ]);
          const stored = harness.storedState();
          for (const secret of ['Sakura2026', 'Himitsu2025', people.healthy.email]) expect(stored).not.to.include(secret);
        });

        it('apologises and offers a person when the accounts service is down, and the chat goes on', async () => {
          const down = new FakeAccounts();
          down.failAlways(new DependencyError('accounts', 'account service unreachable'));
          const steps = studentReset(locale, people.healthy.loginId, people.healthy.email);
          steps[3] = [people.healthy.email, [l.checking, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]];
          steps.push([locale === 'ja' ? 'こんにちは' : 'hello', [l.menu('common:greeting')]]);
          await play(chat(locale, { accounts: down }), steps);
          expect(down.methods()).to.deep.equal(['verifyIdentity']);
        });

        it('apologises and offers a person when the service fails while sending, after a verified check', async () => {
          const failing = new (class extends FakeAccounts {
            override async sendSecondPasswordReset(): Promise<never> {
              throw new DependencyError('accounts', 'account service unreachable');
            }
          })();
          const steps = studentReset(locale, people.healthy.loginId, people.healthy.email);
          steps[3] = [people.healthy.email, [l.checking, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]];
          await play(chat(locale, { accounts: failing }), steps);
        });

        it('sends a verified but locked account to a person, without a mail', async () => {
          const steps = studentReset(locale, people.blocked.loginId, people.blocked.email);
          steps[3] = [people.blocked.email, [l.checking, TYPING, l.person('secondPassword:forgot.locked'), l.menu('common:anythingElse')]];
          await play(chat(locale), steps);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('tells a verified student who has not finished the first login to finish it, without a mail', async () => {
          const steps = studentReset(locale, people.pending.loginId, people.pending.email);
          steps[3] = [people.pending.email, [l.checking, TYPING, l.person('secondPassword:forgot.notApplicable.student'), l.menu('common:anythingElse')]];
          await play(chat(locale), steps);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('tells a verified graduate whose application is pending that the reset comes after approval', async () => {
          await play(chat(locale), [
            [l.forgot, [l.who]],
            [l.graduate, [l.intro('graduate'), l.askEmail]],
            [graduates.pending.email, [l.askDetail]],
            [graduates.pending.birthDate, [l.checking, TYPING, l.person('secondPassword:forgot.notApplicable.graduate'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('resets a graduate: both passwords, one mail to the registered address', async () => {
          await play(chat(locale), [
            [l.forgot, [l.who]],
            [l.graduate, [l.intro('graduate'), l.askEmail]],
            [graduates.approved.email, [l.askDetail]],
            [l.birthDate, [l.checking, TYPING, l.sent('graduate'), l.arrival]],
            [l.arrived, [l.t('secondPassword:arrival.arrived.graduate'), l.menu('common:anythingElse')]],
          ]);
          expect(resetMails('graduatePasswordReset').map((mail) => mail.to)).to.deep.equal([graduates.approved.email]);
          expect(resetMails()).to.deep.equal([]);
        });

        it('answers "it has not arrived" with the checklist, the sender to allow-list, and a person', async () => {
          const checklist: Expected = (reply) => {
            expect(reply.text).to.equal(l.t('secondPassword:checklist.intro'));
            expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
            expect(cardText(reply)).to.include(builtInDemoTenant.senderAddress);
          };
          await play(chat(locale), [
            ...studentReset(locale, people.healthy.loginId, people.healthy.email),
            [l.notArrived, [checklist, l.person('secondPassword:checklist.stillMissing'), l.menu('common:anythingElse')]],
          ]);
        });

        it('understands another question asked instead of answering "did it arrive?"', async () => {
          await play(chat(locale), [
            ...studentReset(locale, people.healthy.loginId, people.healthy.email),
            [{ action: 'menu', topic: 'browsers' }, [(reply) => expect(reply.text).to.equal(l.t('faq:browsers.askDevice'))]],
          ]);
        });
      });

      describe('set and change', () => {
        it('explains first-time setting with the steps, the rules and examples, never asking for one', async () => {
          await play(chat(locale), [
            [
              locale === 'ja' ? '第2パスワードの設定方法を教えて' : 'how do I set the second password',
              [
                (reply) => {
                  expect(reply.text).to.equal([l.t('secondPassword:set.intro'), l.t('secondPassword:set.graduates'), l.t('secondPassword:neverShare')].join('\n\n'));
                  expect(reply.attachments).to.have.length(2);
                  for (const attachment of reply.attachments ?? []) expect(validateCard(attachment.content)).to.deep.equal([]);
                  expect(JSON.stringify(reply.attachments)).to.include('Sakura2026');
                },
                l.menu('common:anythingElse'),
              ],
            ],
          ]);
        });

        it('gives examples that the rules really accept and refuse', () => {
          const valid = l.t('secondPassword:examples.valid', { returnObjects: true }) as PasswordExample;
          const invalid = l.t('secondPassword:examples.invalid', { returnObjects: true }) as PasswordExample[];
          expect(ruleProblems(valid.value)).to.deep.equal([]);
          expect(invalid).to.have.length.above(3);
          for (const example of invalid) expect(ruleProblems(example.value), example.value).not.to.deep.equal([]);
        });

        it('explains changing with the menu steps, and its button starts the reset', async () => {
          await play(chat(locale), [
            [
              locale === 'ja' ? '第2パスワードを変更したい' : 'How do I change my second password?',
              [
                (reply) => {
                  expect(reply.text).to.equal([l.t('secondPassword:change.intro'), l.t('secondPassword:neverShare')].join('\n\n'));
                  expect(cardText(reply)).to.include(l.t('secondPassword:change.forgotButton'));
                },
                l.menu('common:anythingElse'),
              ],
            ],
            [{ action: 'choice', value: 'forgot_second_password' }, [l.who]],
          ]);
        });
      });

      describe('a university without a second password', () => {
        for (const text of locale === 'ja'
          ? ['第2パスワードを忘れました', '第2パスワードを変更したい', '第2パスワードの設定方法を教えて']
          : ['I forgot my second password', 'How do I change my second password?', 'how do I set the second password']) {
          it(`answers "${text}" only that it has none, and the menu`, async () => {
            const notUsed = l.t('secondPassword:notUsed', { university: plainTenant.name[locale] });
            await play(chat(locale, { tenant: plainTenant }), [[text, [notUsed, l.menu('common:anythingElse')]]]);
          });
        }
      });
    });
  }
});
