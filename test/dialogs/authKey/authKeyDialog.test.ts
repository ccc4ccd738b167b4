import { expect } from 'chai';
import { WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Activity } from 'botbuilder';
import type { Accounts } from '../../../services/accounts/accounts.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { AUTH_KEY_DIALOG, AuthKeyDialog } from '../../../dialogs/authKey/authKeyDialog.ts';
import type { AuthKeyIntent, AuthKeyOptions } from '../../../dialogs/authKey/authKeyDialog.ts';
import { formatJst } from '../../../dialogs/shared/formatJst.ts';
import { InterruptibleDialog } from '../../../dialogs/shared/interruptibleDialog.ts';
import { menuReply } from '../../../dialogs/shared/menuReply.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { TYPING, play } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants, people } from '../../services/accounts/contract/fixture.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((tenant) => tenant.id === 'plain-u'));
const HOST = 'authKeyTestHost';
const ROUTE = 'authKeyTestRoute';

/**
 * Stands in for MainDialog's routing (not part of this journey): the outermost interruptible dialog, which begins
 * the journey with the intent MainDialog would pass and shows the menu after it, as MainDialog's offerMore does.
 */
class HostDialog extends InterruptibleDialog {
  constructor(accounts: Accounts) {
    super(HOST);
    this.addDialog(new AuthKeyDialog(accounts));
    this.addDialog(
      new WaterfallDialog<AuthKeyOptions>(ROUTE, [
        async (step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> =>
          await step.beginDialog(AUTH_KEY_DIALOG, { intent: step.options.intent } satisfies AuthKeyOptions),
        async (step: WaterfallStepContext<AuthKeyOptions>): Promise<DialogTurnResult> => {
          await step.context.sendActivity(menuReply(step.context, 'common:anythingElse'));
          return await step.endDialog(step.result);
        },
      ]),
    );
    this.initialDialogId = ROUTE;
  }
}

type Journey = 'missing' | 'locked';

/** What the user types and what the bot answers, per locale; every text comes from the locale files or the tenant. */
function lines(locale: Locale) {
  const t = tFor(locale);
  const tenant = builtInDemoTenant;
  const adaptive = (reply: Partial<Activity>) => {
    expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
    expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
  };
  const withButtons = (key: string, buttonKeys: string[]): Expected => (reply) => {
    expect(reply.text).to.equal(t(key));
    adaptive(reply);
    for (const buttonKey of buttonKeys) expect(cardText(reply)).to.include(t(buttonKey));
  };
  const steps = (journey: Journey | 'settings', reply: Partial<Activity>) => {
    adaptive(reply);
    expect(cardText(reply)).to.include(t(`authKey:${journey}.heading`));
    const first = (t(`authKey:${journey}.steps`, { returnObjects: true }) as string[])[0]!;
    expect(cardText(reply)).to.include(JSON.stringify(first).slice(1, -1));
  };
  return {
    t,
    askLoginId: t('identity:askLoginId', { label: tenant.loginId.label[locale], example: tenant.loginId.example }),
    askEmail: t('identity:askEmail'),
    checking: t('identity:checking'),
    says: (journey: Journey) => (locale === 'ja' ? { missing: '認証キーが届きません', locked: '認証キーが無効になりました' } : { missing: "my authentication key didn't arrive", locked: 'my key was invalidated' })[journey],
    please: locale === 'ja' ? 'お願いします' : 'yes please',
    myself: locale === 'ja' ? '自分でやります' : "I'll do it myself",
    arrived: locale === 'ja' ? '届きました' : 'it arrived',
    notArrived: locale === 'ja' ? 'まだ届きません' : 'not yet',
    explained: (journey: Journey): Expected => (reply) => {
      const text =
        journey === 'missing'
          ? [t('authKey:missing.why'), t('authKey:missing.closed'), t('authKey:missing.reissue')]
          : [t('authKey:locked.why', { limit: String(tenant.authKey.failureLimit) }), t('authKey:locked.reissue'), t('authKey:locked.repeated')];
      expect(reply.text).to.equal([...text, t('authKey:neverShare')].join('\n\n'));
      expect(reply.text).to.not.include('{{');
      steps(journey, reply);
    },
    settings: (reply: Partial<Activity>) => {
      expect(reply.text).to.equal(t('authKey:settings.intro'));
      steps('settings', reply);
    },
    offer: withButtons('authKey:offer.question', ['authKey:offer.choices.yes.title', 'authKey:offer.choices.no.title']),
    intro: `${t('authKey:reissue.purpose')}\n\n${t('identity:intro')}`,
    sent: [t('authKey:reissue.sent'), t('authKey:reissue.expiry'), t('authKey:reissue.spam')].join('\n\n'),
    arrival: withButtons('authKey:arrival.question', ['authKey:arrival.choices.yes.title', 'authKey:arrival.choices.no.title']),
    person: (key: string): Expected => (reply) => {
      expect(reply.text?.startsWith(`${t(key)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
      expect(reply.text).to.include('082-207-4262');
    },
    menu: (key: string): Expected => (reply) => {
      expect(reply.text).to.equal(t(key));
      adaptive(reply);
      expect(cardText(reply)).to.include(t('cards:menu.topics.contact'));
    },
  };
}

/** The journey up to "did it arrive?". */
function reissue(locale: Locale, journey: Journey, loginId: string, email: string): Step[] {
  const l = lines(locale);
  return [
    [l.says(journey), [l.explained(journey), l.offer]],
    [l.please, [l.intro, l.askLoginId]],
    [loginId, [l.askEmail]],
    [email, [l.checking, TYPING, l.sent, l.arrival]],
  ];
}

describe('AuthKeyDialog', () => {
  let reference: ReferenceAccounts;

  beforeEach(async () => {
    reference = await openReferenceAccounts();
  });
  afterEach(async () => {
    await reference.close();
  });

  const chat = (locale: Locale, intent: AuthKeyIntent, options: { accounts?: Accounts; tenant?: Tenant } = {}): DialogHarness =>
    dialogClient(() => new HostDialog(options.accounts ?? reference.accounts), {
      locale,
      initialOptions: { intent } satisfies AuthKeyOptions,
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
  const intentOf = (journey: Journey): AuthKeyIntent => (journey === 'missing' ? 'auth_key_missing' : 'auth_key_locked');
  const keyMails = () => reference.mails().filter((mail) => mail.kind === 'authKey');

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = lines(locale);

      describe('missing, lost or expired', () => {
        it('explains why, reissues after the identity check: exactly one key mail to the registered address', async () => {
          await play(chat(locale, 'auth_key_missing'), [
            ...reissue(locale, 'missing', people.healthy.loginId, people.healthy.email),
            [l.arrived, [l.t('authKey:arrival.arrived'), l.menu('common:anythingElse')]],
          ]);
          expect(keyMails().map((mail) => mail.to)).to.deep.equal([people.healthy.email]);
          // Besides the key, the service may send its security notice; every mail goes to the registered address only.
          expect(reference.mails().every((mail) => mail.to === people.healthy.email)).to.equal(true);
        });

        it('answers an unknown account with the same replies, byte for byte, and sends no mail', async () => {
          const known = await play(chat(locale, 'auth_key_missing'), reissue(locale, 'missing', people.healthy.loginId, people.healthy.email));
          const before = reference.mails().length;
          const unknown = await play(chat(locale, 'auth_key_missing'), reissue(locale, 'missing', 's7654321', 'nobody@example-u.ac.jp'));
          const mixed = await play(chat(locale, 'auth_key_missing'), reissue(locale, 'missing', people.noSecond.loginId, people.healthy.email));
          expect(unknown).to.deep.equal(known);
          expect(mixed).to.deep.equal(known);
          expect(reference.mails().length).to.equal(before);
        });

        it('answers the 6th reissue of the day with the next allowed time (Japan time), and sends no 6th mail', async () => {
          for (let request = 0; request < 5; request++) {
            await play(chat(locale, 'auth_key_missing'), reissue(locale, 'missing', people.healthy.loginId, people.healthy.email));
          }
          const nextAllowed = new Date(reference.harness.clock().getTime() + 24 * 60 * 60 * 1000);
          const steps = reissue(locale, 'missing', people.healthy.loginId, people.healthy.email);
          steps[3] = [people.healthy.email, [l.checking, TYPING, l.t('authKey:reissue.budget', formatJst(locale, nextAllowed)), l.menu('common:anythingElse')]];
          await play(chat(locale, 'auth_key_missing'), steps);
          expect(keyMails()).to.have.length(5);
        });

        it('leaves the reissue to the user who declines, and sends nothing', async () => {
          const [start] = reissue(locale, 'missing', people.healthy.loginId, people.healthy.email);
          await play(chat(locale, 'auth_key_missing'), [start!, [l.myself, [l.t('authKey:offer.declined'), l.menu('common:anythingElse')]]]);
          expect(reference.mails()).to.deep.equal([]);
        });

        it('answers "it has not arrived" with the checklist, the sender to allow-list, and a person', async () => {
          const checklist: Expected = (reply) => {
            expect(reply.text).to.equal(l.t('authKey:checklist.intro'));
            expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
            expect(cardText(reply)).to.include(builtInDemoTenant.senderAddress);
          };
          await play(chat(locale, 'auth_key_missing'), [
            ...reissue(locale, 'missing', people.healthy.loginId, people.healthy.email),
            [l.notArrived, [checklist, l.person('authKey:checklist.stillMissing'), l.menu('common:anythingElse')]],
          ]);
        });

        it('apologises and offers a person when the service fails while reissuing', async () => {
          const failing = new (class extends FakeAccounts {
            override async reissueAuthKey(): Promise<never> {
              throw new DependencyError('accounts', 'account service unreachable');
            }
          })();
          const steps = reissue(locale, 'missing', people.healthy.loginId, people.healthy.email);
          steps[3] = [people.healthy.email, [l.checking, TYPING, l.person('identity:serviceDown'), l.menu('common:anythingElse')]];
          await play(chat(locale, 'auth_key_missing', { accounts: failing }), steps);
        });

        it('switches language mid-journey and finishes in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = lines(other);
          const [start, yes, loginId] = reissue(locale, 'missing', people.healthy.loginId, people.healthy.email);
          await play(chat(locale, 'auth_key_missing'), [
            start!,
            yes!,
            loginId!,
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.askEmail]],
            [people.healthy.email, [o.checking, TYPING, o.sent, o.arrival]],
            [o.arrived, [o.t('authKey:arrival.arrived'), o.menu('common:anythingElse')]],
          ]);
          expect(keyMails()).to.have.length(1);
        });

        it('stops for a person mid-journey: the call center and the menu, and no mail', async () => {
          const [start, yes] = reissue(locale, 'missing', people.healthy.loginId, people.healthy.email);
          await play(chat(locale, 'auth_key_missing'), [
            start!,
            yes!,
            [locale === 'ja' ? '担当者と話したい' : 'talk to a person', [l.person('interruptions:person'), l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('invalidated after wrong entries', () => {
        it("says what happened with the tenant's failure limit, and reissues the invalidated key", async () => {
          await play(chat(locale, 'auth_key_locked'), [
            ...reissue(locale, 'locked', people.invalidated.loginId, people.invalidated.email),
            [l.arrived, [l.t('authKey:arrival.arrived'), l.menu('common:anythingElse')]],
          ]);
          expect(keyMails().map((mail) => mail.to)).to.deep.equal([people.invalidated.email]);
        });

        it('sends an account past the failure limit to a person, without a mail', async () => {
          const steps = reissue(locale, 'locked', people.blocked.loginId, people.blocked.email);
          steps[3] = [people.blocked.email, [l.checking, TYPING, l.person('authKey:reissue.locked'), l.menu('common:anythingElse')]];
          await play(chat(locale, 'auth_key_locked'), steps);
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('two-factor authentication settings', () => {
        it('gives the menu steps, nothing account-specific', async () => {
          await play(chat(locale, 'two_factor_settings'), [
            [locale === 'ja' ? '二要素認証の設定を変えたい' : 'how do I change two-factor settings', [l.settings, l.menu('common:anythingElse')]],
          ]);
          expect(reference.mails()).to.deep.equal([]);
        });
      });

      describe('a university without two-factor authentication', () => {
        for (const intent of ['auth_key_missing', 'auth_key_locked', 'two_factor_settings'] as const) {
          it(`answers ${intent} only that it has no authentication keys, and the menu`, async () => {
            const notUsed = l.t('authKey:notUsed', { university: plainTenant.name[locale] });
            await play(chat(locale, intent, { tenant: plainTenant }), [[l.says('missing'), [notUsed, l.menu('common:anythingElse')]]]);
            expect(reference.mails()).to.deep.equal([]);
          });
        }
      });
    });
  }
});
