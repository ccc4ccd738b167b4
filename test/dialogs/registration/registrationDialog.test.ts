import { expect } from 'chai';
import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Activity } from 'botbuilder';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { REGISTRATION_DIALOG, RegistrationDialog } from '../../../dialogs/registration/registrationDialog.ts';
import type { RegistrationIntent, RegistrationOptions, RegistrationResult } from '../../../dialogs/registration/registrationDialog.ts';
import { InterruptibleDialog } from '../../../dialogs/shared/interruptibleDialog.ts';
import { menuReply } from '../../../dialogs/shared/menuReply.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants } from '../../services/accounts/contract/fixture.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((tenant) => tenant.id === 'plain-u'));
const HOST = 'registrationTestHost';
const ROUTE = 'registrationTestRoute';
/** What the stand-in for MainDialog says when the journey hands a message back to be understood afresh. */
const AFRESH = '(understood afresh by MainDialog)';

/**
 * Stands in for MainDialog's routing (not part of this journey): the outermost interruptible dialog, which begins
 * the journey with the intent MainDialog would pass and, after it, shows the menu, or marks a message handed back.
 */
class HostDialog extends InterruptibleDialog {
  constructor(accounts: FakeAccounts) {
    super(HOST);
    this.addDialog(new RegistrationDialog(accounts));
    this.addDialog(
      new WaterfallDialog<RegistrationOptions>(ROUTE, [
        async (step: WaterfallStepContext<RegistrationOptions>): Promise<DialogTurnResult> =>
          await step.beginDialog(REGISTRATION_DIALOG, { intent: step.options.intent } satisfies RegistrationOptions),
        async (step: WaterfallStepContext<RegistrationOptions>): Promise<DialogTurnResult> => {
          const result = step.result as RegistrationResult | undefined;
          await step.context.sendActivity(result?.unanswered ? AFRESH : menuReply(step.context, 'common:anythingElse'));
          return await step.endDialog(result);
        },
      ]),
    );
    this.initialDialogId = ROUTE;
  }
}

const adaptive = (reply: Partial<Activity>) => {
  expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
  expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
};

/** Words a tenant without these features must never hear. */
const featureWords = { ja: ['第2パスワード', '認証キー', '卒業生'], en: ['second password', 'authentication key', 'graduate'] };

/** What the user types and what the bot answers, per locale; every text comes from the locale files or the tenant. */
function lines(locale: Locale, tenant: Tenant = builtInDemoTenant) {
  const t = tFor(locale);
  const sender = tenant.senderAddress;
  const allowList = t('registration:check.allowList', { sender });
  const again = t('registration:check.again');
  const ask = t('registration:ask');
  return {
    t,
    ask,
    firstLogin: locale === 'ja' ? '初めてログインします。メールアドレスの登録方法は？' : "I'm logging in for the first time. How do I register my email address?",
    cannotLogIn: locale === 'ja' ? 'ログインできません' : 'I cannot log in',
    yes: locale === 'ja' ? 'お願いします' : 'yes please',
    no: locale === 'ja' ? 'いいえ、結構です' : 'no thanks',
    person: locale === 'ja' ? '担当者と話したい' : 'talk to a person',
    switchTo: locale === 'ja' ? 'English' : '日本語',
    other: (locale === 'ja' ? 'en' : 'ja') as Locale,
    steps: (reply: Partial<Activity>) => {
      const university = tenant.name[locale];
      expect(reply.text).to.equal(`${t('registration:steps.intro', { university })}\n\n${t('registration:beforeCheck', { sender })}`);
      adaptive(reply);
      const card = cardText(reply);
      expect(card).to.include(t('registration:steps.heading'));
      expect(card).to.include(tenant.loginId.label[locale]).and.include(tenant.loginId.example).and.include(tenant.webPage);
      const login = tenant.features.secondPassword ? 'loginNoSecondPassword' : 'login';
      const values = { label: tenant.loginId.label[locale], example: tenant.loginId.example };
      expect(card).to.include(JSON.stringify(t(`registration:steps.${login}`, values)).slice(1, -1));
      expect(card).to.include(JSON.stringify(t('registration:steps.openLink')).slice(1, -1));
    },
    next: (reply: Partial<Activity>) => {
      const expected = tenant.features.secondPassword
        ? [t('registration:next.secondPassword'), t('registration:next.twoFactor'), t('registration:notArriving')]
        : [t('registration:next.plain', { label: tenant.loginId.label[locale] }), t('registration:notArriving')];
      expect(reply.text).to.equal(expected.join('\n\n'));
    },
    offer: (reply: Partial<Activity>) => {
      expect(reply.text).to.equal(t('registration:offer.question'));
      adaptive(reply);
      expect(cardText(reply)).to.include(t('registration:offer.choices.yes.title')).and.include(t('registration:offer.choices.no.title'));
    },
    report: (...findings: string[]): string => [...findings, allowList].join('\n\n'),
    fix: (...findings: string[]): string => [...findings, allowList, again].join('\n\n'),
    ok: (address: string) => t('registration:check.ok', { address }),
    retry: (key: string) => `${t(key)}\n\n${ask}`,
    menu: (reply: Partial<Activity>) => {
      expect(reply.text).to.equal(t('common:anythingElse'));
      adaptive(reply);
    },
    triage: (reply: Partial<Activity>) => {
      expect(reply.text).to.equal(t('registration:triage.intro', { university: tenant.name[locale] }));
      adaptive(reply);
      const card = cardText(reply);
      expect(card).to.include(t('registration:triage.userId', { label: tenant.loginId.label[locale], example: tenant.loginId.example }));
      expect(card).to.include(t('registration:triage.choices.register_email'));
    },
    personReply: (reply: Partial<Activity>) => {
      expect(reply.text?.startsWith(`${t('interruptions:person')}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
    },
  };
}

describe('RegistrationDialog', () => {
  let accounts: FakeAccounts;
  beforeEach(() => {
    accounts = new FakeAccounts();
  });
  afterEach(() => {
    // The checker is no account action: not even an identity check.
    expect(accounts.calls).to.deep.equal([]);
  });

  const chat = (locale: Locale, intent: RegistrationIntent, tenant?: Tenant): DialogHarness =>
    dialogClient(() => new HostDialog(accounts), { locale, initialOptions: { intent } satisfies RegistrationOptions, ...(tenant ? { tenant } : {}) });

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = lines(locale);
      const start = (): Step => [l.firstLogin, [l.steps, l.next, l.offer]];
      const agreed = (): Step[] => [start(), [l.yes, [l.ask]]];
      const t = l.t;

      describe('first login and email registration', () => {
        it('gives the steps, checks a good address, and ends with the menu (happy path)', async () => {
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro@example-u.ac.jp', [l.report(l.ok('taro@example-u.ac.jp')), l.menu]],
          ]);
        });

        it('says the address is full-width, gives it in half-width, and checks the corrected one', async () => {
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ', [l.fix(t('registration:check.fullWidth.withAddress', { address: 'taro@example-u.ac.jp' }))]],
            ['taro@example-u.ac.jp', [l.report(l.ok('taro@example-u.ac.jp')), l.menu]],
          ]);
        });

        it('says the address has spaces, and hands a thank-you back to be understood afresh', async () => {
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro @ example-u.ac.jp', [l.fix(t('registration:check.spaces.withAddress', { address: 'taro@example-u.ac.jp' }))]],
            [locale === 'ja' ? 'ありがとうございます' : 'thanks', [AFRESH]],
          ]);
        });

        it('queries a likely domain typo (gmial.com → gmail.com) and warns that it is free mail', async () => {
          const typo = t('registration:check.typo', { domain: 'gmial.com', suggestedDomain: 'gmail.com', suggestion: 'taro@gmail.com' });
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro@gmial.com', [l.fix(typo, t('registration:check.free', { domain: 'gmail.com' }))]],
          ]);
        });

        it('with a typo and spaces, points out the spaces without repeating the typo as the address to enter', async () => {
          const typo = t('registration:check.typo', { domain: 'gmial.com', suggestedDomain: 'gmail.com', suggestion: 'taro@gmail.com' });
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro @gmial.com', [l.fix(typo, t('registration:check.spaces.alone'), t('registration:check.free', { domain: 'gmail.com' }))]],
          ]);
        });

        it('warns that free mail may not receive the confirmation, names the sender to allow-list, and ends', async () => {
          const steps: Step[] = [...agreed(), ['taro@gmail.com', [l.report(t('registration:check.free', { domain: 'gmail.com' })), l.menu]]];
          await play(chat(locale, 'register_email'), steps);
          expect(l.report('')).to.include(builtInDemoTenant.senderAddress);
        });

        it("warns about a carrier's spam filter for carrier mail", async () => {
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro@docomo.ne.jp', [l.report(t('registration:check.carrier', { domain: 'docomo.ne.jp' })), l.menu]],
          ]);
        });

        it('checks an address typed instead of "yes" at once', async () => {
          await play(chat(locale, 'register_email'), [start(), ['taro@example-u.ac.jp', [l.report(l.ok('taro@example-u.ac.jp')), l.menu]]]);
        });

        it('says why an address cannot be read, and gives up politely after three tries', async () => {
          await play(chat(locale, 'register_email'), [
            ...agreed(),
            ['taro@gmail', [l.retry('registration:check.unreadable.domainIncomplete')]],
            ['taro@example-u.ac.jp hanako@example-u.ac.jp', [l.retry('registration:check.several')]],
            ['たろう@gmail.com', [t('registration:check.gaveUp'), l.menu]],
          ]);
        });

        it('refuses a message too long for an address without reading it', async () => {
          await play(chat(locale, 'register_email'), [...agreed(), [`${'a'.repeat(300)}@example-u.ac.jp`, [l.retry('registration:check.tooLong')]]]);
        });

        it('leaves the check to the user who declines', async () => {
          await play(chat(locale, 'register_email'), [start(), [l.no, [t('registration:offer.declined'), l.menu]]]);
        });

        it('hands a new question asked instead of an answer back to be understood afresh', async () => {
          const question = locale === 'ja' ? '支払い方法を知りたい' : 'how do I pay for a certificate';
          await play(chat(locale, 'register_email'), [start(), [question, [AFRESH]]]);
        });

        it('never keeps the address in state, during or after the check', async () => {
          const harness = chat(locale, 'register_email');
          await play(harness, [...agreed(), ['taro @ example-u.ac.jp', [l.fix(t('registration:check.spaces.withAddress', { address: 'taro@example-u.ac.jp' }))]]]);
          // The prompt's own state is there (so this reads the real dialog state), the address is not.
          expect(harness.storedState()).to.include('registrationAddress').and.not.include('taro');
          await play(harness, [['hanako@example-u.ac.jp', [l.report(l.ok('hanako@example-u.ac.jp')), l.menu]]]);
          expect(harness.storedState()).to.not.include('hanako').and.not.include('example-u.ac.jp');
        });

        it('switches language at the offer and at the address, re-asking each in the new language', async () => {
          const o = lines(l.other);
          await play(chat(locale, 'register_email'), [
            start(),
            [l.switchTo, [o.t('common:languageChanged'), o.offer]],
            [o.yes, [o.ask]],
            [locale === 'ja' ? '日本語' : 'English', [l.t('common:languageChanged'), l.ask]],
            ['taro@example-u.ac.jp', [l.report(l.ok('taro@example-u.ac.jp')), l.menu]],
          ]);
        });

        it('stops for a person mid-journey: the call center and the menu', async () => {
          await play(chat(locale, 'register_email'), [...agreed(), [l.person, [l.personReply, l.menu]]]);
        });
      });

      describe('"I cannot log in"', () => {
        it('shows what this login takes and hands a pressed button back for MainDialog to start its journey', async () => {
          await play(chat(locale, 'login_help'), [
            [l.cannotLogIn, [l.triage]],
            [{ action: 'choice', value: 'forgot_second_password' }, [AFRESH]],
          ]);
        });

        it('hands a typed question back too', async () => {
          await play(chat(locale, 'login_help'), [[l.cannotLogIn, [l.triage]], [locale === 'ja' ? '第2パスワードを忘れた' : 'I forgot my second password', [AFRESH]]]);
        });

        it('shows the card again in the new language after a switch', async () => {
          const o = lines(l.other);
          await play(chat(locale, 'login_help'), [[l.cannotLogIn, [l.triage]], [l.switchTo, [o.t('common:languageChanged'), o.triage]]]);
        });

        it('stops for a person', async () => {
          await play(chat(locale, 'login_help'), [[l.cannotLogIn, [l.triage]], [l.person, [l.personReply, l.menu]]]);
        });
      });

      describe('a university without a second password, two-factor authentication or graduates', () => {
        const p = lines(locale, plainTenant);
        const never = (reply: Partial<Activity>) => {
          const seen = `${reply.text ?? ''} ${cardText(reply)}`.toLowerCase();
          for (const word of featureWords[locale]) expect(seen, word).to.not.include(word);
        };

        it('gives the registration steps without them', async () => {
          await play(chat(locale, 'register_email', plainTenant), [
            [p.firstLogin, [(reply) => (p.steps(reply), never(reply)), (reply) => (p.next(reply), never(reply)), p.offer]],
          ]);
        });

        it('gives the login card without them, with only the first-login and person buttons', async () => {
          const buttons: Expected = (reply) => {
            p.triage(reply);
            never(reply);
            const content = reply.attachments?.[0]?.content as { actions: Array<{ data: unknown }> };
            expect(content.actions.map((action) => action.data)).to.deep.equal([
              { action: 'choice', value: 'register_email' },
              { action: 'choice', value: 'human_agent' },
            ]);
          };
          await play(chat(locale, 'login_help', plainTenant), [[p.cannotLogIn, [buttons]]]);
        });
      });
    });
  }
});
