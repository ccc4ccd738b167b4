import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Accounts, IdentityClaim, Verification } from '../../../services/accounts/accounts.ts';
import type { Actor } from '../../../services/audit/auditLog.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { IdentityCheckDialog } from '../../../dialogs/shared/identityCheckDialog.ts';
import type { IdentityCheckOptions, IdentityCheckResult } from '../../../dialogs/shared/identityCheckDialog.ts';
import { MAX_FIELD_LENGTH } from '../../../dialogs/shared/fieldPrompt.ts';
import { formatJst } from '../../../dialogs/shared/formatJst.ts';
import { RateLimitedAccounts } from '../../../services/rateLimit/rateLimitedAccounts.ts';
import { setAnswerPace, setPaceWait } from '../../../dialogs/shared/evenPace.ts';
import { dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { TYPING, play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { graduates, people } from '../../services/accounts/contract/fixture.ts';

const tenant = builtInDemoTenant;

/** The replies of the identity check, by locale key, as a user of the demo tenant sees them. */
function say(locale: Locale) {
  const t = tFor(locale);
  const label = tenant.loginId.label[locale];
  const askLoginId = t('identity:askLoginId', { label, example: tenant.loginId.example });
  const askEmail = t('identity:askEmail');
  const askDetail = t('identity:askGraduateDetail');
  /** A reply that leads with `key` and then gives the tenant's call center. */
  const person =
    (key: string): Expected =>
    (reply: Partial<Activity>) => {
      expect(reply.text?.startsWith(`${t(key)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
      expect(reply.text).to.include('082-207-4262');
    };
  const retry = (key: string, args: Record<string, string> = {}) => (question: string) => `${t(key, args)}\n\n${question}`;
  return {
    t,
    intro: t('identity:intro'),
    checking: t('identity:checking'),
    askLoginId,
    askEmail,
    askDetail,
    person,
    wrongFormat: retry('identity:loginId.wrongFormat', { label, example: tenant.loginId.example })(askLoginId),
    isEmail: retry('identity:loginId.isEmail', { label })(askLoginId),
    notAnEmail: retry('identity:email.notFound')(askEmail),
    tooLong: (question: string) => retry('identity:tooLong')(question),
    normalized: (kind: 'spaces' | 'fullWidth' | 'both', value: string) => t(`identity:normalized.${kind}`, { value }),
    menu: (key: string): Expected => (reply: Partial<Activity>) => {
      expect(reply.text).to.equal(t(key));
      expect(reply.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    },
  };
}

describe('IdentityCheckDialog', () => {
  let reference: ReferenceAccounts;

  beforeEach(async () => {
    reference = await openReferenceAccounts();
  });
  afterEach(async () => {
    await reference.close();
  });

  const start = (locale: Locale, options: IdentityCheckOptions, accounts: Accounts = reference.accounts): DialogHarness =>
    dialogClient(() => new IdentityCheckDialog(accounts), { locale, initialOptions: options });

  const resultOf = (harness: DialogHarness): IdentityCheckResult | undefined =>
    (harness.client.dialogTurnResult as { result?: IdentityCheckResult } | undefined)?.result;

  const verifyCalls = async (): Promise<number> =>
    (await reference.harness.audit.find({ tenant: 'example-u' }, 1000)).filter((entry) => entry.action === 'accounts.verifyIdentity').length;

  /** A student's journey through the check with the given answers, and the replies expected of a clean run. */
  const studentRun = (locale: Locale, loginId: string, email: string): Step[] => {
    const s = say(locale);
    return [
      ['start', [s.intro, s.askLoginId]],
      [loginId, [s.askEmail]],
      [email, [s.checking, TYPING]],
    ];
  };

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const s = say(locale);

      describe('a student', () => {
        it('is verified with the login ID and the registered email, with a "one moment" and a typing indicator and nothing else said', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, studentRun(locale, people.healthy.loginId, people.healthy.email));
          const result = resultOf(harness);
          expect(result?.outcome).to.equal('checked');
          expect(result?.outcome === 'checked' && result.verification.verified).to.equal(true);
        });

        it('who does not exist gets the same replies, byte for byte, and an unverified result', async () => {
          const known = start(locale, { kind: 'student' });
          const unknown = start(locale, { kind: 'student' });
          const knownReplies = await play(known, studentRun(locale, people.healthy.loginId, people.healthy.email));
          const unknownReplies = await play(unknown, studentRun(locale, 's7654321', 'nobody@example-u.ac.jp'));
          expect(unknownReplies).to.deep.equal(knownReplies);
          expect(resultOf(unknown)).to.deep.equal({ outcome: 'checked', verification: { verified: false } });
        });

        it("with someone else's login ID and their own email gets the same replies and is not verified", async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, studentRun(locale, people.noSecond.loginId, people.healthy.email));
          expect(resultOf(harness)).to.deep.equal({ outcome: 'checked', verification: { verified: false } });
        });

        it('has a full-width email pointed out and read half-width', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            ['ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ', [s.normalized('fullWidth', people.healthy.email), s.checking, TYPING]],
          ]);
          const result = resultOf(harness);
          expect(result?.outcome === 'checked' && result.verification.verified).to.equal(true);
        });

        it('has spaces in the email pointed out and removed', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            ['taro @ example-u.ac.jp ', [s.normalized('spaces', people.healthy.email), s.checking, TYPING]],
          ]);
          const result = resultOf(harness);
          expect(result?.outcome === 'checked' && result.verification.verified).to.equal(true);
        });

        it('has a full-width ID with a space pointed out and read as the ID', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            ['ｓ１２３ ４５６７', [s.normalized('both', people.healthy.loginId), s.askEmail]],
            [people.healthy.email, [s.checking, TYPING]],
          ]);
          const result = resultOf(harness);
          expect(result?.outcome === 'checked' && result.verification.verified).to.equal(true);
        });

        it('is told when an ID is not in the tenant format, never calls the service, and gives up after three tries', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            ['12345', [s.wrongFormat]],
            [people.healthy.email, [s.isEmail]],
            ['x1234567', [s.person('identity:gaveUp')]],
          ]);
          expect(resultOf(harness)).to.deep.equal({ outcome: 'gaveUp' });
          expect(await verifyCalls()).to.equal(0);
        });

        it('gets the question again for an empty message without losing a try, and a polite refusal for 5,000 characters', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            ['', [s.askLoginId]],
            ['   ', [s.askLoginId]],
            ['a'.repeat(5000), [s.tooLong(s.askLoginId)]],
            ['あ'.repeat(MAX_FIELD_LENGTH + 1), [s.tooLong(s.askLoginId)]],
            [people.healthy.loginId, [s.askEmail]],
            ['x'.repeat(5000), [s.tooLong(s.askEmail)]],
            ['not an address', [s.notAnEmail]],
            [people.healthy.email, [s.checking, TYPING]],
          ]);
          expect(await verifyCalls()).to.equal(1);
        });

        it('has a likely domain typo queried once; the same address again is taken as typed', async () => {
          const harness = start(locale, { kind: 'student' });
          const typo = `${s.t('identity:email.typo', { typed: 'taro@gmial.com', suggestion: 'taro@gmail.com' })}\n\n${s.askEmail}`;
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            ['taro@gmial.com', [typo]],
            ['taro@gmial.com', [s.checking, TYPING]],
          ]);
          expect(resultOf(harness)).to.deep.equal({ outcome: 'checked', verification: { verified: false } });
        });

        it('never keeps a pasted password: it is refused with a warning, the question is asked again, and state does not hold it', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            ['Sakura2026', [s.t('interruptions:secret'), s.askEmail]],
            [locale === 'ja' ? 'パスワードはhimitsu99です' : 'my password is himitsu99', [s.t('interruptions:secret'), s.askEmail]],
          ]);
          expect(harness.storedState()).not.to.include('Sakura2026');
          expect(harness.storedState()).not.to.include('himitsu99');
          await play(harness, [[people.healthy.email, [s.checking, TYPING]]]);
          expect(harness.storedState()).not.to.include(people.healthy.email);
          expect(harness.storedState()).not.to.include(people.healthy.loginId);
        });

        it('switches language mid-way and asks the same question in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = say(other);
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.askEmail]],
            ['nobody', [`${o.t('identity:email.notFound')}\n\n${o.askEmail}`]],
          ]);
        });

        it('stops for a person at any step: the call center and the menu', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [locale === 'ja' ? '人と話したい' : 'talk to a person', [s.person('interruptions:person'), s.menu('common:anythingElse')]],
          ]);
          expect(harness.client.dialogTurnResult.status).to.equal('complete');
          expect(await verifyCalls()).to.equal(0);
        });

        it('answers help with what can be said, then asks the question again', async () => {
          const harness = start(locale, { kind: 'student' });
          const help = s.t('interruptions:help', { label: tenant.loginId.label[locale] });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [locale === 'ja' ? 'ヘルプ' : 'help', [help, s.askLoginId]],
            [locale === 'ja' ? 'キャンセル' : 'cancel', [s.menu('interruptions:cancelled')]],
          ]);
        });

        it('starts over at any step: the journey ends and the menu is shown', async () => {
          const harness = start(locale, { kind: 'student' });
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
            [locale === 'ja' ? '最初から' : 'start over', [s.menu('interruptions:restarted')]],
          ]);
          expect(harness.client.dialogTurnResult.status).to.equal('complete');
          expect(await verifyCalls()).to.equal(0);
        });

        it('apologises at once and offers a person when the accounts service is down', async () => {
          const down = new FakeAccounts();
          down.failAlways(new DependencyError('accounts', 'account service unreachable'));
          const harness = start(locale, { kind: 'student' }, down);
          await play(harness, [
            ['start', [s.intro, s.askLoginId]],
            [people.healthy.loginId, [s.askEmail]],
          ]);
          const began = performance.now();
          await play(harness, [[people.healthy.email, [s.checking, TYPING, s.person('identity:serviceDown')]]]);
          expect(performance.now() - began).to.be.below(3000);
          expect(resultOf(harness)).to.deep.equal({ outcome: 'unavailable' });
          expect(down.methods()).to.deep.equal(['verifyIdentity']);
          expect(down.calls[0]!.args[1]).to.deep.include({ kind: 'user' });
        });
      });

      describe('a graduate', () => {
        const birthDate = locale === 'ja' ? '1999年9月9日' : 'September 9, 1999';

        it('is verified with the registered email and the birth date', async () => {
          const harness = start(locale, { kind: 'graduate' });
          await play(harness, [
            ['start', [s.intro, s.askEmail]],
            [graduates.approved.email, [s.askDetail]],
            [birthDate, [s.checking, TYPING]],
          ]);
          const result = resultOf(harness);
          expect(result?.outcome === 'checked' && result.verification).to.deep.include({ verified: true, kind: 'graduate' });
        });

        it('is verified with a student ID instead, and asked for the day when only a year and month are given', async () => {
          const harness = start(locale, { kind: 'graduate' });
          await play(harness, [
            ['start', [s.intro, s.askEmail]],
            [graduates.approved.email, [s.askDetail]],
            [locale === 'ja' ? '1999年9月' : '1999', [`${s.t('identity:graduate.needDay')}\n\n${s.askDetail}`]],
            [graduates.approved.studentId.toUpperCase(), [s.checking, TYPING]],
          ]);
          const result = resultOf(harness);
          expect(result?.outcome === 'checked' && result.verification.verified).to.equal(true);
        });

        it('with a wrong birth date gets the same replies as with the right one', async () => {
          const right = start(locale, { kind: 'graduate' });
          const wrong = start(locale, { kind: 'graduate' });
          const run = (date: string): Step[] => [
            ['start', [s.intro, s.askEmail]],
            [graduates.approved.email, [s.askDetail]],
            [date, [s.checking, TYPING]],
          ];
          expect(await play(wrong, run('2000-01-01'))).to.deep.equal(await play(right, run('1999-09-09')));
          expect(resultOf(wrong)).to.deep.equal({ outcome: 'checked', verification: { verified: false } });
        });
      });

      describe('a conversation over its identity-check limit', () => {
        const HOUR = 3_600_000;
        /** The reference service behind the conversation limit, here 2 checks an hour (every harness is one test conversation). */
        const limited = (): RateLimitedAccounts =>
          new RateLimitedAccounts(reference.accounts, reference.harness.store, {
            clock: reference.harness.clock,
            limits: { verifyPerConversation: [{ name: 'test.verify', limit: 2, windowMs: HOUR, window: 'sliding' }] },
          });

        it('is told the next allowed time in Japan time and offered a person, the same for an existing and a missing account', async () => {
          const accounts = limited();
          const firstAt = reference.harness.clock();
          await play(start(locale, { kind: 'student' }, accounts), studentRun(locale, 's7654321', 'nobody@example-u.ac.jp'));
          reference.harness.advance(10 * 60_000);
          await play(start(locale, { kind: 'student' }, accounts), studentRun(locale, people.healthy.loginId, people.healthy.email));
          expect(await verifyCalls()).to.equal(2);

          const next = formatJst(locale, new Date(firstAt.getTime() + HOUR));
          const limitedReply: Expected = (reply: Partial<Activity>) => {
            expect(reply.text?.startsWith(`${s.t('identity:rateLimited', next)}\n\n${s.t('faq:contact.intro')}`), reply.text).to.equal(true);
            expect(reply.text).to.include(next.date).and.include(next.time).and.include('082-207-4262');
          };
          const known = start(locale, { kind: 'student' }, accounts);
          const missing = start(locale, { kind: 'student' }, accounts);
          const knownReplies = await play(known, [...studentRun(locale, people.healthy.loginId, people.healthy.email).slice(0, 2), [people.healthy.email, [s.checking, TYPING, limitedReply]]]);
          const missingReplies = await play(missing, [...studentRun(locale, 's7654321', 'nobody@example-u.ac.jp').slice(0, 2), ['nobody@example-u.ac.jp', [s.checking, TYPING, limitedReply]]]);
          expect(missingReplies).to.deep.equal(knownReplies);
          expect(resultOf(known)).to.deep.equal({ outcome: 'gaveUp' });
          expect(resultOf(missing)).to.deep.equal({ outcome: 'gaveUp' });
          expect(await verifyCalls()).to.equal(2);
        });

        it('is checked again once the oldest check leaves the hour', async () => {
          const accounts = limited();
          for (let i = 0; i < 2; i++) await play(start(locale, { kind: 'student' }, accounts), studentRun(locale, 's7654321', 'nobody@example-u.ac.jp'));
          reference.harness.advance(HOUR);
          const harness = start(locale, { kind: 'student' }, accounts);
          await play(harness, studentRun(locale, people.healthy.loginId, people.healthy.email));
          expect(resultOf(harness)?.outcome).to.equal('checked');
        });
      });
    });
  }

  it('takes about as long for a missing account as for an existing one (within 50 ms)', async () => {
    const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let round = 0; round < 5; round++) {
      for (const [which, loginId, email] of [
        ['known', people.healthy.loginId, people.healthy.email],
        ['unknown', 's7654321', 'nobody@example-u.ac.jp'],
      ] as const) {
        const harness = start('ja', { kind: 'student' });
        await play(harness, studentRun('ja', loginId, email).slice(0, 2));
        const began = performance.now();
        await play(harness, studentRun('ja', loginId, email).slice(2));
        timings[which].push(performance.now() - began);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    expect(Math.abs(median(timings.known) - median(timings.unknown))).to.be.below(50);
  });

  describe('the "one moment, please" before the check', () => {
    /** What a reply shows in a transcript line: its text, or its type. */
    const shown = (reply: Partial<Activity>): string => reply.text ?? reply.type ?? '';

    it('goes out before the service is called and is not held by the pace that holds the answer after it', async () => {
      const s = say('ja');
      const log: string[] = [];
      let harness: DialogHarness | undefined;
      const delivered: Array<Partial<Activity>> = [];
      /** Moves what the test adapter has received so far into `delivered`. */
      const drain = (): void => {
        for (let reply = harness!.client.getNextReply(); reply; reply = harness!.client.getNextReply()) delivered.push(reply);
      };
      class WatchedAccounts extends FakeAccounts {
        override async verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification> {
          drain();
          log.push(`verifyIdentity after ${JSON.stringify(delivered.map(shown))}`);
          return await super.verifyIdentity(claim, actor);
        }
      }
      const down = new WatchedAccounts();
      down.failAlways(new DependencyError('accounts', 'account service unreachable'));

      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      // Ten minutes: a held reply that the test did not release could never arrive within the test's time.
      const previousPace = setAnswerPace(10 * 60_000);
      const previousWait = setPaceWait(async () => {
        drain();
        log.push(`held after ${JSON.stringify(delivered.map(shown))}`);
        holding();
        await released;
      });
      try {
        harness = start('ja', { kind: 'student' }, down);
        await play(harness, [
          ['start', [s.intro, s.askLoginId]],
          [people.healthy.loginId, [s.askEmail]],
        ]);
        const lastAnswer = harness.client.sendActivity({ type: 'message', locale: harness.channelLocale, text: people.healthy.email });
        await held;
        expect(log).to.deep.equal([
          `verifyIdentity after ${JSON.stringify([s.checking, 'typing'])}`,
          `held after ${JSON.stringify([s.checking, 'typing'])}`,
        ]);
        release();
        delivered.push((await lastAnswer) as Partial<Activity>);
        drain();
      } finally {
        release();
        setPaceWait(previousWait);
        setAnswerPace(previousPace);
      }
      expect(delivered.map(shown)).to.have.length(3);
      expect(delivered.slice(0, 2).map(shown)).to.deep.equal([s.checking, 'typing']);
      (s.person('identity:serviceDown') as (reply: Partial<Activity>) => void)(delivered[2]!);
      expect(resultOf(harness)).to.deep.equal({ outcome: 'unavailable' });
    });
  });

});
