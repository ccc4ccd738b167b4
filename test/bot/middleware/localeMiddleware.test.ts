import { expect } from 'chai';
import { AutoSaveStateMiddleware, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import type { Middleware, StoreItems } from 'botbuilder';
import { localeMiddleware } from '../../../bot/middleware/localeMiddleware.ts';
import type { UserProfile } from '../../../bot/middleware/localeMiddleware.ts';
import { setTurnTenant, turnLanguage } from '../../../dialogs/shared/turnContext.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { i18n } from '../../helpers/dialogClient.ts';

describe('localeMiddleware', () => {
  const tenant: Middleware = {
    async onTurn(context, next) {
      setTurnTenant(context, { ...builtInDemoTenant, defaultLocale: 'ja' });
      await next();
    },
  };
  const build = (storage = new MemoryStorage()) => {
    const userState = new UserState(storage);
    return new TestAdapter(async (context) => {
      const language = turnLanguage(context);
      if (context.activity.text === 'switch') await language.switchTo('en');
      await context.sendActivity(`${language.locale}:${language.t('common:languageChanged')}`);
    })
      .use(tenant)
      .use(localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')))
      .use(new AutoSaveStateMiddleware(userState));
  };

  it('takes the locale from the activity', async () => {
    await build().send({ type: 'message', text: 'x', locale: 'en-US' }).assertReply('en:Switched to English.').startTest();
  });

  it("falls back to the tenant's default for a locale it does not speak", async () => {
    await build().send({ type: 'message', text: 'x', locale: 'fr-FR' }).assertReply('ja:日本語に切り替えました。').startTest();
  });

  it('switches within the turn and keeps the choice over the channel locale in later turns', async () => {
    await build()
      .send({ type: 'message', text: 'switch', locale: 'ja-JP' })
      .assertReply('en:Switched to English.')
      .send({ type: 'message', text: 'x', locale: 'ja-JP' })
      .assertReply('en:Switched to English.')
      .startTest();
  });

  it('writes no user state for a user who never chose a language, and the choice once one is made', async () => {
    const written: StoreItems[] = [];
    const storage = new (class extends MemoryStorage {
      override async write(changes: StoreItems): Promise<void> {
        written.push(structuredClone(changes));
        await super.write(changes);
      }
    })();
    await build(storage)
      .send({ type: 'message', text: 'x', locale: 'en-US' })
      .assertReply('en:Switched to English.')
      .send({ type: 'message', text: 'x', locale: 'en-US' })
      .assertReply('en:Switched to English.')
      .startTest();
    expect(written).to.deep.equal([]);
    await build(storage).send({ type: 'message', text: 'switch', locale: 'ja-JP' }).assertReply('en:Switched to English.').startTest();
    const profiles = written.map((changes) => Object.values(changes).map((item) => (item as { profile?: unknown }).profile));
    expect(profiles).to.deep.equal([[{ locale: 'en' }]]);
  });

  it('gives each turn its own fixed t (no shared changeLanguage)', () => {
    expect(i18n.language).to.not.equal('en');
  });
});
