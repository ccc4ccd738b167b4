import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Accounts } from '../../../services/accounts/accounts.ts';
import { DependencyError } from '../../../services/errors.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import type { IntentId, Nlu, Recognition } from '../../../services/nlu/nlu.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { EmailDialog } from '../../../dialogs/email/emailDialog.ts';
import type { EmailIntent } from '../../../dialogs/email/emailDialog.ts';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { play } from '../../helpers/transcript.ts';
import type { Expected } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { contractTenants } from '../../services/accounts/contract/fixture.ts';
import { JourneyHost } from '../graduates/journeyHost.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const plainTenant: Tenant = TenantSchema.parse(contractTenants.find((candidate) => candidate.id === 'plain-u'));
const jsonText = (text: string): string => JSON.stringify(text).slice(1, -1);

function lines(locale: Locale) {
  const t = tFor(locale);
  const adaptive = (reply: Partial<Activity>) => {
    expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
    expect(validateCard(reply.attachments?.[0]?.content)).to.deep.equal([]);
  };
  const steps = (reply: Partial<Activity>, prefix: string) => {
    adaptive(reply);
    expect(cardText(reply)).to.include(jsonText(t(`${prefix}.heading`)));
    for (const step of t(`${prefix}.steps`, { returnObjects: true }) as string[]) expect(cardText(reply)).to.include(jsonText(step));
  };
  const cannotUseButton = `{"type":"Action.Submit","title":${JSON.stringify(t('email:change.cannotUseButton'))},"data":{"action":"choice","value":"email_inaccessible"}}`;
  return {
    t,
    ja: locale === 'ja',
    change: (graduates: boolean): Expected => (reply) => {
      expect(reply.text).to.equal([t('email:change.intro'), ...(graduates ? [t('email:change.graduates')] : [])].join('\n\n'));
      steps(reply, 'email:change');
      expect(cardText(reply)).to.include(jsonText(t('email:change.cannotUse')));
      expect(cardText(reply)).to.include(cannotUseButton);
    },
    who: ((reply) => {
      expect(reply.text).to.equal(t('email:who.question'));
      adaptive(reply);
      expect(cardText(reply)).to.include(jsonText(t('email:who.choices.student.title')));
      expect(cardText(reply)).to.include(jsonText(t('email:who.choices.graduate.title')));
    }) as Expected,
    student: (twoFactor: boolean): Expected => (reply) => {
      const text = [t('email:inaccessible.student.canLogin'), ...(twoFactor ? [t('email:inaccessible.student.twoFactor')] : [])];
      expect(reply.text).to.equal(text.join('\n\n'));
      steps(reply, 'email:change');
      expect(cardText(reply)).to.not.include('email_inaccessible');
    },
    reapply: ((reply) => {
      expect(reply.text).to.equal(t('email:inaccessible.graduate.intro'));
      expect(reply.text).to.include(locale === 'ja' ? '「再申請」' : '"Re-application" (再申請)');
      steps(reply, 'email:inaccessible.graduate');
    }) as Expected,
    person: (key: string): Expected => (reply) => {
      expect(reply.text?.startsWith(`${t(key)}\n\n${t('faq:contact.intro')}`), reply.text).to.equal(true);
      expect(reply.text).to.include('082-207-4262');
    },
    menu: (key: string): Expected => (reply) => {
      expect(reply.text).to.equal(t(key));
      adaptive(reply);
      expect(cardText(reply)).to.include(jsonText(t('cards:menu.topics.contact')));
    },
    wantsChange: locale === 'ja' ? 'メールアドレスを変更したい' : 'I want to change my email address',
    cannotUse: locale === 'ja' ? '登録したメールアドレスが使えなくなりました' : 'My registered email address can no longer be used',
    currentStudent: locale === 'ja' ? '在学生' : 'current student',
    graduate: locale === 'ja' ? '卒業生です' : "I'm a graduate",
  };
}

/** Only what these tests say, so MainDialog's routing runs without the trained model. */
class ListedNlu implements Nlu {
  constructor(private readonly intents: Record<string, IntentId>) {}
  async recognize(text: string): Promise<Recognition> {
    const intent = this.intents[text];
    return intent ? { intent, score: 1 } : { intent: 'none', score: 0 };
  }
}

describe('EmailDialog', () => {
  const chat = (locale: Locale, intent: EmailIntent, options: { accounts?: Accounts; tenant?: Tenant } = {}): DialogHarness =>
    dialogClient(() => new JourneyHost(new EmailDialog(options.accounts ?? new FakeAccounts())), {
      locale,
      initialOptions: { intent },
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const l = lines(locale);

      describe('changing an address that still works', () => {
        it('gives the menu steps and a button for an address that no longer works, asking nothing', async () => {
          await play(chat(locale, 'change_email'), [[l.wantsChange, [l.change(true), l.menu('common:anythingElse')]]]);
        });

        it('takes the button, through MainDialog, to the part for an address that no longer works', async () => {
          const nlu = new ListedNlu({ [l.wantsChange]: 'change_email' });
          const harness = dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses'), new FakeAccounts()), { locale });
          await play(harness, [
            [l.wantsChange, [l.change(true), l.menu('common:anythingElse')]],
            [{ action: 'choice', value: 'email_inaccessible' }, [l.who]],
            [l.graduate, [l.reapply, l.menu('common:anythingElse')]],
          ]);
        });
      });

      describe('an address that can no longer be used', () => {
        it('sends a current student who cannot log in to a person, after the menu steps for one who can', async () => {
          await play(chat(locale, 'email_inaccessible'), [
            [l.cannotUse, [l.who]],
            [l.currentStudent, [l.student(true), l.person('email:inaccessible.student.cannotLogin'), l.menu('common:anythingElse')]],
          ]);
        });

        it('gives a graduate the re-application (再申請) steps', async () => {
          await play(chat(locale, 'email_inaccessible'), [
            [l.cannotUse, [l.who]],
            [{ action: 'choice', value: 'graduate' }, [l.reapply, l.menu('common:anythingElse')]],
          ]);
        });

        it('asks again when the answer is neither, and takes the number of a choice', async () => {
          await play(chat(locale, 'email_inaccessible'), [
            [l.cannotUse, [l.who]],
            [l.ja ? '社会人です' : 'I work here', [(reply) => expect(reply.text).to.equal(`${l.t('common:choiceRetry')}\n\n${l.t('email:who.question')}`)]],
            ['２', [l.reapply, l.menu('common:anythingElse')]],
          ]);
        });

        it('switches language at the question and answers in the new language', async () => {
          const other: Locale = locale === 'ja' ? 'en' : 'ja';
          const o = lines(other);
          await play(chat(locale, 'email_inaccessible'), [
            [l.cannotUse, [l.who]],
            [other === 'en' ? 'English' : '日本語', [o.t('common:languageChanged'), o.who]],
            [o.graduate, [o.reapply, o.menu('common:anythingElse')]],
          ]);
        });

        it('stops for a person at the question: the call center and the menu', async () => {
          await play(chat(locale, 'email_inaccessible'), [
            [l.cannotUse, [l.who]],
            [l.ja ? '担当者と話したい' : 'talk to a person', [l.person('interruptions:person'), l.menu('common:anythingElse')]],
          ]);
        });

        it('does not ask a university without graduates (nor mention keys without two-factor authentication)', async () => {
          await play(chat(locale, 'change_email', { tenant: plainTenant }), [[l.wantsChange, [l.change(false), l.menu('common:anythingElse')]]]);
          await play(chat(locale, 'email_inaccessible', { tenant: plainTenant }), [
            [l.cannotUse, [l.student(false), l.person('email:inaccessible.student.cannotLogin'), l.menu('common:anythingElse')]],
          ]);
        });
      });

      it('never calls the accounts service, so it answers the same while the service is down', async () => {
        const down = new FakeAccounts();
        down.failAlways(new DependencyError('accounts', 'account service unreachable'));
        await play(chat(locale, 'change_email', { accounts: down }), [[l.wantsChange, [l.change(true), l.menu('common:anythingElse')]]]);
        await play(chat(locale, 'email_inaccessible', { accounts: down }), [
          [l.cannotUse, [l.who]],
          [l.currentStudent, [l.student(true), l.person('email:inaccessible.student.cannotLogin'), l.menu('common:anythingElse')]],
        ]);
        expect(down.calls).to.deep.equal([]);
      });
    });
  }

});
