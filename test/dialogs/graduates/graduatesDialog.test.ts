import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Accounts, RegistrationStatus } from '../../../services/accounts/accounts.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { GraduatesDialog } from '../../../dialogs/graduates/graduatesDialog.ts';
import type { GraduatesIntent } from '../../../dialogs/graduates/graduatesDialog.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts, fakeAccount } from '../../helpers/fakeAccounts.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { TYPING, play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants, graduates } from '../../services/accounts/contract/fixture.ts';
import { JourneyHost } from './journeyHost.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const tenant = builtInDemoTenant;
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((candidate) => candidate.id === 'plain-u'));
/** A university like manual 001's: current students may add a student ID number, and there are no graduates. */
const studentsOnly: Tenant = TenantSchema.parse({
  ...builtInDemoTenant,
  id: 'students-u',
  features: { ...builtInDemoTenant.features, graduates: false, studentIdAddition: true },
});
const jsonText = (text: string): string => JSON.stringify(text).slice(1, -1);

/** What the user types and what the bot answers, per locale; every text comes from the locale files or the tenant. */
function graduateLines(locale: Locale) {
  const t = tFor(locale);
  const university = tenant.name[locale];
  const adaptive = (reply: Partial<Activity>) => {
    expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
    expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
  };
  /** A reply with `text` and a valid card holding every item of `listKey`. */
  const card = (text: string, heading: string, listKey: string): Expected => (reply) => {
    expect(reply.text).to.equal(text);
    expect(reply.text).to.not.include('{{');
    adaptive(reply);
    expect(cardText(reply)).to.include(jsonText(t(heading)));
    for (const item of t(listKey, { returnObjects: true }) as string[]) expect(cardText(reply)).to.include(jsonText(item));
  };
  const person = (key: string, args: Record<string, string> = {}): Expected => (reply) => {
    expect(reply.text?.startsWith(`${t(key, args)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
    expect(reply.text).to.include('082-207-4262');
  };
  const decision = [
    t('graduates:decision.rule'),
    t('graduates:decision.homePage', { university, webPage: tenant.webPage }),
    t('graduates:decision.mail'),
  ];
  const topics: Expected = (reply) => {
    expect(reply.text).to.equal(t('graduates:topics.question'));
    adaptive(reply);
    for (const topic of ['steps', 'document', 'decision', 'password', 'status']) {
      expect(cardText(reply)).to.include(jsonText(t(`graduates:topics.choices.${topic}.title`)));
      expect(cardText(reply)).to.include(`"value":"${topic}"`);
    }
  };
  return {
    t,
    ja: locale === 'ja',
    topics,
    person,
    askStatus: locale === 'ja' ? '卒業生の利用申請の状況を確認したい' : 'I want to check the status of my graduate application',
    askGeneral: locale === 'ja' ? '卒業生の利用申請' : 'graduate application',
    statusIntro: `${t('graduates:status.purpose')}\n\n${t('identity:intro')}`,
    askEmail: t('identity:askEmail'),
    checking: t('identity:checking'),
    askDetail: t('identity:askGraduateDetail'),
    notConfirmed: person('graduates:status.notConfirmed'),
    pending: [t('graduates:status.pending'), ...decision].join('\n\n'),
    decision: decision.join('\n\n'),
    firstLogin: card(
      [t('graduates:status.approved.firstLogin'), t('graduates:password.rules'), t('graduates:password.neverShare')].join('\n\n'),
      'graduates:password.heading',
      'graduates:password.steps',
    ),
    active: [t('graduates:status.approved.active'), t('graduates:status.approved.forgot')].join('\n\n'),
    apply: card(
      [t('graduates:apply.intro'), t('graduates:apply.required'), t('graduates:apply.next')].join('\n\n'),
      'graduates:apply.heading',
      'graduates:apply.steps',
    ),
    document: card(t('graduates:document.intro'), 'graduates:document.heading', 'graduates:document.points'),
    password: card(
      [t('graduates:password.intro'), t('graduates:password.rules'), t('graduates:password.after'), t('graduates:password.neverShare')].join('\n\n'),
      'graduates:password.heading',
      'graduates:password.steps',
    ),
    studentId: (withGraduates: boolean) =>
      card(
        [t('graduates:studentId.intro'), ...(withGraduates ? [t('graduates:studentId.graduatesFirst')] : []), t('graduates:studentId.result')].join('\n\n'),
        'graduates:studentId.heading',
        'graduates:studentId.steps',
      ),
    normalized: (kind: 'spaces' | 'fullWidth', value: string) => t(`identity:normalized.${kind}`, { value }),
    menu: (key: string): Expected => (reply) => {
      expect(reply.text).to.equal(t(key));
      adaptive(reply);
      expect(cardText(reply)).to.include(jsonText(t('cards:menu.topics.contact')));
    },
  };
}

type Lines = ReturnType<typeof graduateLines>;

/** The status check up to the last answer, whose replies are `last`. */
const statusRun = (l: Lines, email: string, detail: string, last: readonly Expected[]): Step[] => [
  [l.askStatus, [l.statusIntro, l.askEmail]],
  [email, [l.askDetail]],
  [detail, last],
];

describe('GraduatesDialog', () => {
  let reference: ReferenceAccounts;

  beforeEach(async () => {
    reference = await openReferenceAccounts();
  });
  afterEach(async () => {
    await reference.close();
  });

  const chat = (locale: Locale, intent: GraduatesIntent, options: { accounts?: Accounts; tenant?: Tenant } = {}): DialogHarness =>
    dialogClient(() => new JourneyHost(new GraduatesDialog(options.accounts ?? reference.accounts)), {
      locale,
      initialOptions: { intent },
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
  const auditedCalls = async (method: string): Promise<number> =>
    (await reference.harness.audit.find({ tenant: 'example-u' }, 1000)).filter((entry) => entry.action === `accounts.${method}`).length;
  /** FakeAccounts that verify a graduate and report `status` for the application. */
  const reporting = (status: Partial<RegistrationStatus>): FakeAccounts => {
    const fake = new FakeAccounts();
    fake.answers.verification = { verified: true, account: fakeAccount, kind: 'graduate' };
    fake.answers.status = { kind: 'graduate', secondPasswordSet: false, twoFactor: false, authKey: 'none', selfServiceBlocked: false, ...status };
    return fake;
  };

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = graduateLines(locale);

      describe('the status of my application', () => {
        it('tells an approved graduate, after the identity check, to log in with the initial password, and sends no mail', async () => {
          await play(
            chat(locale, 'graduate_application'),
            statusRun(l, graduates.approved.email, graduates.approved.birthDate, [l.checking, TYPING, TYPING, l.firstLogin, l.menu('common:anythingElse')]),
          );
          expect(await auditedCalls('registrationStatus')).to.equal(1);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('tells a pending graduate verified by student ID that the university is checking it, and when it decides', async () => {
          await play(
            chat(locale, 'graduate_application'),
            statusRun(l, graduates.pending.email, graduates.pending.studentId, [l.checking, TYPING, TYPING, l.pending, l.menu('common:anythingElse')]),
          );
        });

        it('answers an unknown address exactly as details that do not match, byte for byte, and reads no status', async () => {
          const unverified = [l.checking, TYPING, l.notConfirmed, l.menu('common:anythingElse')];
          const unknown = await play(chat(locale, 'graduate_application'), statusRun(l, 'nobody@example.com', graduates.approved.birthDate, unverified));
          const wrongBirth = await play(chat(locale, 'graduate_application'), statusRun(l, graduates.approved.email, '2000-01-01', unverified));
          const othersBirth = await play(chat(locale, 'graduate_application'), statusRun(l, graduates.approved.email, graduates.pending.birthDate, unverified));
          const othersId = await play(chat(locale, 'graduate_application'), statusRun(l, graduates.approved.email, graduates.pending.studentId, unverified));
          const unknownId = await play(chat(locale, 'graduate_application'), statusRun(l, 'nobody@example.com', 'g0000000', unverified));
          for (const other of [wrongBirth, othersBirth, othersId, unknownId]) expect(other).to.deep.equal(unknown);
          expect(await auditedCalls('verifyIdentity')).to.equal(5);
          expect(await auditedCalls('registrationStatus')).to.equal(0);
        });

        it('reads a full-width email half-width and says so', async () => {
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', [l.normalized('fullWidth', graduates.approved.email), l.askDetail]],
            [graduates.approved.birthDate, [l.checking, TYPING, TYPING, l.firstLogin, l.menu('common:anythingElse')]],
          ]);
        });

        it('removes spaces inside the email and says so', async () => {
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            ['hanako @ example.com', [l.normalized('spaces', graduates.approved.email), l.askDetail]],
            [graduates.approved.birthDate, [l.checking, TYPING, TYPING, l.firstLogin, l.menu('common:anythingElse')]],
          ]);
        });

        it('asks again for a birth date without a day or one it cannot read, then takes a written-out date', async () => {
          const retry = (key: string) => `${l.t(key)}\n\n${l.askDetail}`;
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            [graduates.approved.email, [l.askDetail]],
            [l.ja ? '1999年9月' : 'September 1999', [retry('identity:graduate.needDay')]],
            ['9/9/9/9!', [retry('identity:graduate.notUnderstood')]],
            [l.ja ? '1999年9月9日' : 'September 9, 1999', [l.checking, TYPING, TYPING, l.firstLogin, l.menu('common:anythingElse')]],
          ]);
        });

        it('gives up after three unreadable details with a person, and checks nothing', async () => {
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            [graduates.approved.email, [l.askDetail]],
            ['??', [`${l.t('identity:graduate.notUnderstood')}\n\n${l.askDetail}`]],
            ['!!', [`${l.t('identity:graduate.notUnderstood')}\n\n${l.askDetail}`]],
            ['##', [l.person('identity:gaveUp'), l.menu('common:anythingElse')]],
          ]);
          expect(await auditedCalls('verifyIdentity')).to.equal(0);
        });

        it('switches language mid-journey and finishes in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = graduateLines(other);
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.askEmail]],
            [graduates.approved.email, [o.askDetail]],
            [graduates.approved.birthDate, [o.checking, TYPING, TYPING, o.firstLogin, o.menu('common:anythingElse')]],
          ]);
        });

        it('stops for a person mid-journey: the call center and the menu, nothing checked', async () => {
          await play(chat(locale, 'graduate_application'), [
            [l.askStatus, [l.statusIntro, l.askEmail]],
            [graduates.approved.email, [l.askDetail]],
            [l.ja ? '担当者と話したい' : 'talk to a person', [l.person('interruptions:person'), l.menu('common:anythingElse')]],
          ]);
          expect(await auditedCalls('verifyIdentity')).to.equal(0);
        });

        it('says each state in plain words with what to do next', async () => {
          const cases: Array<[Partial<RegistrationStatus>, Expected]> = [
            [{ application: 'approved', secondPasswordSet: true }, l.active],
            [{ application: 'rejected' }, l.person('graduates:status.rejected')],
            [{ application: 'resubmit' }, l.person('graduates:status.resubmit')],
            [{}, l.person('graduates:status.unavailable')],
          ];
          for (const [status, said] of cases) {
            const fake = reporting(status);
            await play(
              chat(locale, 'graduate_application', { accounts: fake }),
              statusRun(l, graduates.approved.email, graduates.approved.birthDate, [l.checking, TYPING, TYPING, said, l.menu('common:anythingElse')]),
            );
            expect(fake.methods()).to.deep.equal(['verifyIdentity', 'registrationStatus']);
          }
        });

        it('apologises and offers a person when the service fails while reading the status', async () => {
          const failing = new (class extends FakeAccounts {
            override async registrationStatus(): Promise<never> {
              throw new DependencyError('accounts', 'account service unreachable');
            }
          })();
          failing.answers.verification = { verified: true, account: fakeAccount, kind: 'graduate' };
          await play(
            chat(locale, 'graduate_application', { accounts: failing }),
            statusRun(l, graduates.approved.email, graduates.approved.birthDate, [l.checking, TYPING, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]),
          );
        });

        it('apologises and offers a person when the service is down at the identity check', async () => {
          const down = new FakeAccounts();
          down.failAlways(new DependencyError('accounts', 'account service unreachable'));
          await play(
            chat(locale, 'graduate_application', { accounts: down }),
            statusRun(l, graduates.approved.email, graduates.approved.birthDate, [l.checking, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]),
          );
          expect(down.methods()).to.deep.equal(['verifyIdentity']);
        });
      });

      describe('the application for use', () => {
        it('offers the topics when the question names none, and answers a button, a number and a title', async () => {
          await play(chat(locale, 'graduate_application'), [
            [l.askGeneral, [l.topics]],
            [{ action: 'choice', value: 'steps' }, [l.apply, l.menu('common:anythingElse')]],
          ]);
          await play(chat(locale, 'graduate_application'), [
            [l.askGeneral, [l.topics]],
            ['２', [l.document, l.menu('common:anythingElse')]],
          ]);
          await play(chat(locale, 'graduate_application'), [
            [l.askGeneral, [l.topics]],
            [l.t('graduates:topics.choices.password.title'), [l.password, l.menu('common:anythingElse')]],
          ]);
          await play(chat(locale, 'graduate_application'), [
            [l.askGeneral, [l.topics]],
            [{ action: 'choice', value: 'status' }, [l.statusIntro, l.askEmail]],
          ]);
        });

        it('answers a question that names its topic at once', async () => {
          const asked: Array<[string, Expected]> = l.ja
            ? [['利用申請の承認までどのくらいかかりますか', l.decision], ['本人確認書類の裏面も必要ですか', l.document], ['初回パスワードはどこにありますか', l.password], ['卒業生の申請方法', l.apply]]
            : [['How long does approval take?', l.decision], ['Which image formats can I upload?', l.document], ['Where is my initial password?', l.password], ['How do graduates apply for the service?', l.apply]];
          for (const [question, answer] of asked) await play(chat(locale, 'graduate_application'), [[question, [answer, l.menu('common:anythingElse')]]]);
          expect(await auditedCalls('verifyIdentity')).to.equal(0);
        });

        it('hands a message that is not a topic back to be understood afresh', async () => {
          const harness = chat(locale, 'graduate_application');
          await play(harness, [
            [l.askGeneral, [l.topics]],
            [l.ja ? 'メールアドレスを変更したい' : 'I want to change my email address', []],
          ]);
          expect((harness.client.dialogTurnResult as { result?: unknown }).result).to.deep.equal({ unanswered: true });
        });

        it('asks the topics again in the new language after a switch', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = graduateLines(other);
          await play(chat(locale, 'graduate_application'), [
            [l.askGeneral, [l.topics]],
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.topics]],
            [{ action: 'choice', value: 'decision' }, [o.decision, o.menu('common:anythingElse')]],
          ]);
        });
      });

      describe('adding a student ID number', () => {
        it('gives the menu steps, with the graduates’ first step where the tenant has graduates', async () => {
          const say = l.ja ? '学籍番号を追加したい' : 'I want to add a student ID number';
          await play(chat(locale, 'add_student_id'), [[say, [l.studentId(true), l.menu('common:anythingElse')]]]);
          await play(chat(locale, 'add_student_id', { tenant: studentsOnly }), [[say, [l.studentId(false), l.menu('common:anythingElse')]]]);
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('a university without graduates', () => {
        it('says it does not offer the service to graduates, with the call center, and asks nothing', async () => {
          const university = { university: plainTenant.name[locale] };
          await play(chat(locale, 'graduate_application', { tenant: plainTenant }), [
            [l.askStatus, [l.person('graduates:notOffered', university), l.menu('common:anythingElse')]],
          ]);
          await play(chat(locale, 'add_student_id', { tenant: plainTenant }), [
            [l.ja ? '学籍番号を追加したい' : 'add student number', [l.person('graduates:studentId.notOffered', university), l.menu('common:anythingElse')]],
          ]);
          expect(await auditedCalls('verifyIdentity')).to.equal(0);
        });
      });
    });
  }
});
