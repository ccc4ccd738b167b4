import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { triageChoices } from '../../../dialogs/cards/registrationTriageCard.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import type { LocalNlu } from '../../../services/nlu/localNlu.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { play } from '../../helpers/transcript.ts';
import { trainedNlu } from '../../services/nlu/trainedNlu.ts';

/**
 * The journey behind the real MainDialog and the model trained from the project's utterances: the user's own words
 * start it, a triage button starts the next journey, and every phrase the journey tells the user to type (or shows
 * as a button title, which a channel without cards lists) is understood as what it promises.
 */
describe('RegistrationDialog behind MainDialog', function () {
  this.timeout(60_000);
  let nlu: LocalNlu;
  before(async () => {
    nlu = await trainedNlu();
  });

  const chat = (locale: Locale): DialogHarness =>
    dialogClient((conversationState) => new MainDialog(nlu, conversationState.createProperty<number>('misses'), new FakeAccounts()), { locale });

  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const t = tFor(locale);
      const steps = (reply: Partial<Activity>) => expect(cardText(reply)).to.include(t('registration:steps.heading'));
      const offer = (reply: Partial<Activity>) => expect(reply.text).to.equal(t('registration:offer.question'));
      const menu = (reply: Partial<Activity>) => expect(reply.text).to.equal(t('common:anythingElse'));

      it('starts the registration journey from the first-login question and checks an address', async () => {
        const firstLogin = locale === 'ja' ? '初めてログインします。メールアドレスの登録方法は？' : "I'm logging in for the first time. How do I register my email address?";
        await play(chat(locale), [
          [firstLogin, [steps, (reply) => expect(reply.text).to.include(t('registration:notArriving')), offer]],
          ['taro@gmial.com', [(reply) => expect(reply.text).to.include('taro@gmail.com')]],
          ['taro@gmail.com', [(reply) => expect(reply.text).to.include(t('registration:check.free', { domain: 'gmail.com' })), menu]],
        ]);
      });

      it('re-asks the offer in the new language when the language is switched mid-journey', async () => {
        const other: Locale = locale === 'ja' ? 'en' : 'ja';
        const o = tFor(other);
        await play(chat(locale), [
          [locale === 'ja' ? 'メールアドレスの登録方法を教えてください' : 'How do I register my email address?', [steps, () => undefined, offer]],
          [other === 'en' ? 'English' : '日本語', [o('common:languageChanged'), (reply) => expect(reply.text).to.equal(o('registration:offer.question'))]],
        ]);
      });

      it('starts the second-password journey from the triage button', async () => {
        const cannot = locale === 'ja' ? 'ログインできません' : 'I cannot log in';
        await play(chat(locale), [
          [cannot, [(reply) => expect(cardText(reply)).to.include(t('registration:triage.heading'))]],
          [{ action: 'choice', value: 'forgot_second_password' }, [(reply) => expect(reply.text).to.equal(t('secondPassword:who.question'))]],
        ]);
      });

      it('understands every triage button title, typed, as the intent its button starts', async () => {
        for (const intent of triageChoices(builtInDemoTenant.features)) {
          const title = t(`registration:triage.choices.${intent}`);
          expect((await nlu.recognize(title, locale)).intent, title).to.equal(intent);
        }
      });

      it('understands the phrases the journey tells the user to type', async () => {
        for (const [key, intent] of [
          ['registration:next.secondPassword', 'set_second_password'],
          ['registration:notArriving', 'confirmation_mail_missing'],
        ] as const) {
          const phrase = locale === 'ja' ? /「([^」]+)」と入力/u.exec(t(key))?.[1] : /type "([^"]+)"/u.exec(t(key))?.[1];
          expect(phrase, `${key} names a phrase`).to.be.a('string');
          expect((await nlu.recognize(phrase!, locale)).intent, phrase).to.equal(intent);
        }
      });
    });
  }
});
