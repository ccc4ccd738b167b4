import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { MainDialog } from '../../dialogs/mainDialog.ts';
import { readCardAction } from '../../dialogs/cards/adaptiveCard.ts';
import type { CardAction } from '../../dialogs/cards/adaptiveCard.ts';
import { AUTH_KEY_DIALOG } from '../../dialogs/authKey/authKeyDialog.ts';
import { EMAIL_DIALOG } from '../../dialogs/email/emailDialog.ts';
import { GRADUATES_DIALOG } from '../../dialogs/graduates/graduatesDialog.ts';
import { HANDOFF_DIALOG } from '../../dialogs/handoff/handoffDialog.ts';
import { MISSING_MAIL_DIALOG } from '../../dialogs/missingMail/missingMailDialog.ts';
import { REGISTRATION_DIALOG } from '../../dialogs/registration/registrationDialog.ts';
import { SECOND_PASSWORD_DIALOG } from '../../dialogs/secondPassword/secondPasswordDialog.ts';
import { TenantSchema } from '../../services/tenants/tenant.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { turn } from '../helpers/transcript.ts';
import { validateCard } from '../helpers/validateCard.ts';
import { KeywordNlu } from '../../services/nlu/keywordNlu.ts';
import type { Nlu } from '../../services/nlu/nlu.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../services/tenants/builtInDemoTenant.ts';
import { cardText, dialogClient, tFor } from '../helpers/dialogClient.ts';
import { FakeAccounts } from '../helpers/fakeAccounts.ts';
import { trainedNlu } from '../services/nlu/trainedNlu.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** A user turn (text, or a card button's value) and what the bot must answer, by locale key. */
type Step = [input: string | Record<string, unknown>, replies: Array<string | ((reply: Partial<Activity>) => void)>];
interface Transcript {
  name: string;
  locale: Locale;
  steps: Step[];
  /** Only the first replies are checked (a journey's own tests check the rest). */
  partial?: boolean;
}

const withMenu = (locale: Locale, key: string) => (reply: Partial<Activity>) => {
  expect(reply.text).to.equal(tFor(locale)(key));
  expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
  expect(cardText(reply)).to.include(tFor(locale)('cards:menu.journeys.login_help'));
  expect(cardText(reply)).to.include(tFor(locale)('cards:menu.more'));
};

/** The rest of the routing, with the deterministic keyword rules. */
const keywordCases: Transcript[] = (['ja', 'en'] as const).flatMap((locale) => {
  const t = tFor(locale);
  const other = locale === 'ja' ? 'en' : 'ja';
  return [
    {
      name: 'a greeting gets the greeting and the menu',
      locale,
      steps: [[locale === 'ja' ? 'こんにちは' : 'hello', [withMenu(locale, 'common:greeting')]]],
    },
    {
      name: 'supported browsers: asks the device, then answers for a smartphone',
      locale,
      steps: [
        [{ action: 'menu', topic: 'browsers' }, [(reply) => expect(cardText(reply)).to.include(t('faq:browsers.devices.pc.title'))]],
        [locale === 'ja' ? 'スマホ' : 'phone', [`${t('faq:browsers.smartphone')}\n\n${t('faq:browsers.notGuaranteed')}`, withMenu(locale, 'common:anythingElse')]],
      ],
    },
    {
      name: 'supported browsers: a button press answers for a PC',
      locale,
      steps: [
        [{ action: 'menu', topic: 'browsers' }, [(reply) => expect(reply.text).to.equal(t('faq:browsers.askDevice'))]],
        [{ action: 'choice', value: 'pc' }, [(reply) => expect(reply.text).to.include(t('faq:browsers.pc')), withMenu(locale, 'common:anythingElse')]],
      ],
    },
    {
      name: 'an unclear device answer is asked again',
      locale,
      steps: [
        [{ action: 'menu', topic: 'browsers' }, [(reply) => expect(reply.text).to.equal(t('faq:browsers.askDevice'))]],
        ['???', [(reply) => expect(reply.text).to.equal(`${t('common:choiceRetry')}\n\n${t('faq:browsers.askDevice')}`)]],
      ],
    },
    {
      name: 'contact shows the tenant call center and chat hours',
      locale,
      steps: [
        [
          { action: 'menu', topic: 'contact' },
          [
            (reply) => {
              expect(reply.text).to.include('082-207-4262');
              expect(reply.text).to.include(t('common:hours.weekdays', { open: '9:00', close: '17:00' }));
              expect(reply.text).to.include(t('faq:contact.chat', { hours: t('common:hours.always') }));
            },
            withMenu(locale, 'common:anythingElse'),
          ],
        ],
      ],
    },
    {
      name: 'deadlines: 7 days and no refund after the 8th day',
      locale,
      steps: [
        [
          locale === 'ja' ? '支払いの期限は？' : 'what is the payment deadline?',
          [`${t('faq:deadlines.period')}\n\n${t('faq:deadlines.noRefund')}`, withMenu(locale, 'common:anythingElse')],
        ],
      ],
    },
    {
      name: 'two misunderstandings in a row offer a person',
      locale,
      steps: [
        ['zzqx', [withMenu(locale, 'common:notUnderstood')]],
        [
          'qqzx',
          [
            t('common:notUnderstoodAgain'),
            (reply) => expect(reply.text).to.include('082-207-4262'),
            withMenu(locale, 'common:anythingElse'),
          ],
        ],
      ],
    },
    {
      name: 'a language switch mid-question re-asks the question in the new language',
      locale,
      steps: [
        [{ action: 'menu', topic: 'browsers' }, [(reply) => expect(reply.text).to.equal(t('faq:browsers.askDevice'))]],
        [
          other === 'en' ? 'English' : '日本語',
          [tFor(other)('common:languageChanged'), (reply) => expect(reply.text).to.equal(tFor(other)('faq:browsers.askDevice'))],
        ],
        [{ action: 'choice', value: 'pc' }, [(reply) => expect(reply.text).to.include(tFor(other)('faq:browsers.pc')), withMenu(other, 'common:anythingElse')]],
      ],
    },
    {
      name: 'a pasted password alone is refused with a warning and the menu, never understood',
      locale,
      steps: [['Sakura2026', [t('interruptions:secret'), withMenu(locale, 'common:anythingElse')]]],
    },
    {
      name: 'the menu language button switches and keeps the choice',
      locale,
      steps: [
        [{ action: 'language', locale: other }, [withMenu(other, 'common:languageChanged')]],
        [other === 'en' ? 'hello' : 'こんにちは', [withMenu(other, 'common:greeting')]],
      ],
    },
  ];
});

const otherOf = (locale: Locale): Locale => (locale === 'ja' ? 'en' : 'ja');

/** The call center's details from the demo tenant (the FAQ contact topic). */
const contact = (locale: Locale) => (reply: Partial<Activity>) => {
  expect(reply.text).to.include(tFor(locale)('faq:contact.intro'));
  expect(reply.text).to.include('082-207-4262');
};

/** The "did you mean…" card: its buttons' titles (locale keys) and what each sends. */
const didYouMean = (locale: Locale, buttons: Array<[titleKey: string, data: Record<string, string>]>) => (reply: Partial<Activity>) => {
  const t = tFor(locale);
  expect(reply.text).to.equal(t('common:didYouMean'));
  expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
  const content = reply.attachments?.[0]?.content as { actions: Array<{ title: string; data: unknown }> };
  expect(content.actions.map((action) => action.title)).to.deep.equal(buttons.map(([key]) => t(key)));
  expect(content.actions.map((action) => action.data)).to.deep.equal(buttons.map(([, data]) => data));
};

const outOfScope = (locale: Locale): Array<string | ((reply: Partial<Activity>) => void)> => {
  const t = tFor(locale);
  const university = builtInDemoTenant.name[locale];
  return [
    `${t('common:outOfScope')}\n\n${t('common:outOfScopeElsewhere', { university, webPage: builtInDemoTenant.webPage })}`,
    contact(locale),
    withMenu(locale, 'common:anythingElse'),
  ];
};

const offerPerson = (locale: Locale) => [tFor(locale)('common:notUnderstoodAgain'), contact(locale), withMenu(locale, 'common:anythingElse')];

/**
 * Confidence, out of scope and the reply language, with the model trained from the project's utterances.
 * The borderline messages were found by trying: each scores under LocalNlu's threshold (0.37–0.47) with
 * service intents among its candidates. Retraining may move them; pick another borderline message then.
 */
const trainedCases: Transcript[] = [
  {
    name: 'a question about another university system is out of scope: the web page and the call center',
    locale: 'ja',
    steps: [['Moodleにログインできない', outOfScope('ja')]],
  },
  {
    name: 'chit-chat is out of scope: the web page and the call center',
    locale: 'en',
    steps: [["what's the weather", outOfScope('en')]],
  },
  ...(['ja', 'en'] as const).map((locale) => ({
    name: 'out of scope twice in a row offers a person',
    locale,
    steps: [
      [locale === 'ja' ? 'Moodleにログインできない' : "what's the weather", outOfScope(locale)],
      [locale === 'ja' ? '今日の天気は？' : 'who won the match', offerPerson(locale)],
    ] satisfies Step[],
  })),
  {
    name: 'below the threshold: did you mean printing or browsers; a button starts the topic and clears the miss',
    locale: 'ja',
    steps: [
      [
        '料金の表示',
        [
          didYouMean('ja', [
            ['cards:intents.certificate_printing', { action: 'menu', topic: 'printing' }],
            ['cards:intents.supported_browsers', { action: 'menu', topic: 'browsers' }],
            ['cards:didYouMean.none', { action: 'choice', value: 'none' }],
          ]),
        ],
      ],
      [{ action: 'menu', topic: 'printing' }, [(reply) => expect(reply.text?.startsWith(tFor('ja')('faq:printing.overview'))).to.equal(true)]],
      // The follow-up question does not hold on to a new question: it is understood afresh (here, out of scope once).
      ['Moodleにログインできない', outOfScope('ja')],
    ],
  },
  {
    name: 'below the threshold: did you mean contact, browsers or a person; a button starts the topic and clears the miss',
    locale: 'en',
    steps: [
      [
        'call center or browser',
        [
          didYouMean('en', [
            ['cards:intents.contact_hours', { action: 'menu', topic: 'contact' }],
            ['cards:intents.supported_browsers', { action: 'menu', topic: 'browsers' }],
            ['cards:intents.human_agent', { action: 'choice', value: 'human_agent' }],
            ['cards:didYouMean.none', { action: 'choice', value: 'none' }],
          ]),
        ],
      ],
      [{ action: 'menu', topic: 'contact' }, [contact('en'), withMenu('en', 'common:anythingElse')]],
      ["what's the weather", outOfScope('en')],
    ],
  },
  ...(['ja', 'en'] as const).flatMap((locale) => {
    const borderline = locale === 'ja' ? '料金の表示' : 'is the deadline on the phone';
    const card = didYouMean(locale, [
      ['cards:intents.certificate_printing', { action: 'menu', topic: 'printing' }],
      ['cards:intents.supported_browsers', { action: 'menu', topic: 'browsers' }],
      ['cards:didYouMean.none', { action: 'choice', value: 'none' }],
    ]);
    const unrelated = locale === 'ja' ? 'ゲームの話しよう' : 'who won the match';
    return [
      {
        name: '"none of these" shows the menu, and one more miss offers a person',
        locale,
        steps: [
          [borderline, [card]],
          [{ action: 'choice', value: 'none' }, [withMenu(locale, 'common:didYouMeanNone')]],
          [unrelated, offerPerson(locale)],
        ] satisfies Step[],
      },
      {
        name: 'did you mean, then out of scope: two misses in a row offer a person',
        locale,
        steps: [
          [borderline, [card]],
          [unrelated, offerPerson(locale)],
        ] satisfies Step[],
      },
      {
        name: 'a missing authentication key starts the authentication-key journey',
        locale,
        steps: [
          [
            locale === 'ja' ? '認証キーが届きません' : 'my authentication key did not arrive',
            [(reply: Partial<Activity>) => expect(reply.text).to.include(tFor(locale)('authKey:missing.why'))],
          ],
        ] satisfies Step[],
        partial: true,
      },
      {
        name: "a message in the other language is answered in that language, for that turn only",
        locale,
        steps: [
          [
            locale === 'ja' ? 'When is the call center open?' : '電話窓口は何時まで開いていますか',
            [contact(otherOf(locale)), withMenu(otherOf(locale), 'common:anythingElse')],
          ],
          [{ action: 'menu', topic: 'contact' }, [contact(locale), withMenu(locale, 'common:anythingElse')]],
          [locale === 'ja' ? 'こんにちは' : 'hello', [withMenu(locale, 'common:greeting')]],
        ] satisfies Step[],
      },
    ];
  }),
];

async function play(nlu: Nlu, transcript: Transcript): Promise<void> {
  const accounts = new FakeAccounts();
  const { client, channelLocale } = dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses'), accounts), {
    locale: transcript.locale,
  });
  for (const [input, expected] of transcript.steps) {
    const activity = { type: 'message', locale: channelLocale, ...(typeof input === 'string' ? { text: input } : { value: input }) };
    let reply = await client.sendActivity(activity);
    for (const [index, check] of expected.entries()) {
      if (index > 0) reply = client.getNextReply();
      expect(reply, `reply ${index + 1} to ${JSON.stringify(input)}`).to.not.equal(undefined);
      if (typeof check === 'string') expect(reply.text).to.equal(check);
      else check(reply);
    }
    if (!transcript.partial) expect(client.getNextReply(), `no more replies to ${JSON.stringify(input)}`).to.equal(undefined);
  }
}

describe('MainDialog', () => {
  context('with keyword rules', () => {
    const nlu = KeywordNlu.load();
    for (const transcript of keywordCases) {
      it(`[${transcript.locale}] ${transcript.name}`, async () => {
        await play(nlu, transcript);
      });
    }
  });

  context('with the trained model', () => {
    let nlu: Nlu;
    before(async () => {
      nlu = await trainedNlu();
    });
    for (const transcript of trainedCases) {
      it(`[${transcript.locale}] ${transcript.name}`, async () => {
        await play(nlu, transcript);
      });
    }
  });

  context('the welcome menu', () => {
    const nlu = KeywordNlu.load();
    const newMain = (locale: Locale, tenant: Tenant = builtInDemoTenant, understanding: Nlu = nlu) => {
      const accounts = new FakeAccounts();
      let main: MainDialog | undefined;
      const harness = dialogClient(
        (state) => (main = new MainDialog(understanding, state.createProperty<number>('misses'), accounts)),
        { locale, tenant },
      );
      return { harness, main: main! };
    };

    /** What each journey button says it starts: the journey's dialog. */
    const journeyOf: Record<string, string> = {
      login_help: REGISTRATION_DIALOG,
      confirmation_mail_missing: MISSING_MAIL_DIALOG,
      forgot_second_password: SECOND_PASSWORD_DIALOG,
      auth_key_missing: AUTH_KEY_DIALOG,
      graduate_application: GRADUATES_DIALOG,
      human_agent: HANDOFF_DIALOG,
    };

    /** The first reply each FAQ topic button must lead to. */
    const topicStart = (locale: Locale): Record<string, (reply: Partial<Activity>) => void> => {
      const t = tFor(locale);
      return {
        printing: (reply) => expect(reply.text?.startsWith(t('faq:printing.overview'))).to.equal(true),
        browsers: (reply) => expect(reply.text).to.equal(t('faq:browsers.askDevice')),
        portalLanguage: (reply) => expect(reply.text?.startsWith(t('faq:portalLanguage.intro'))).to.equal(true),
        afterLogin: (reply) => expect(reply.text?.startsWith(t('faq:afterLogin.intro'))).to.equal(true),
        serviceHours: (reply) => expect(reply.text?.startsWith(t('faq:serviceHours.answer'))).to.equal(true),
        contact: contact(locale),
      };
    };

    /** Every button of the greeting's card (the "Other questions" card's included), as titles and what they send. */
    async function greetingButtons(locale: Locale, tenant?: Tenant): Promise<Array<{ title: string; action: CardAction }>> {
      const { harness } = newMain(locale, tenant);
      const [reply] = await turn(harness, locale === 'ja' ? 'こんにちは' : 'hello');
      expect(reply!.text).to.equal(tFor(locale)('common:greeting'));
      const content = reply!.attachments![0]!.content as Card;
      expect(validateCard(content)).to.deep.equal([]);
      return submits(content).map(({ title, data }) => ({ title, action: readCardAction(data)! }));
    }

    for (const locale of ['ja', 'en'] as const) {
      it(`[${locale}] every button leads where it says`, async () => {
        const buttons = await greetingButtons(locale);
        expect(buttons).to.have.length(13);
        for (const { title, action } of buttons) {
          const { harness, main } = newMain(locale);
          const replies = await turn(harness, action);
          expect(replies, title).to.not.be.empty;
          if (action.action === 'choice') {
            expect(title).to.equal(tFor(locale)(`cards:menu.journeys.${action.value}`));
            // The same replies as the journey's own dialog started with that intent.
            const journey = main.findDialog(journeyOf[action.value]!);
            expect(journey, title).to.not.equal(undefined);
            const alone = dialogClient(() => journey!, { locale, initialOptions: { intent: action.value } });
            const expected = await turn(alone, action);
            const seen = (list: Array<Partial<Activity>>) => list.map(({ type, text, attachments }) => ({ type, text, attachments }));
            expect(seen(replies).slice(0, expected.length), title).to.deep.equal(seen(expected));
          } else if (action.action === 'menu') {
            expect(title).to.equal(tFor(locale)(`cards:menu.topics.${action.topic}`));
            topicStart(locale)[action.topic]!(replies[0]!);
          } else {
            expect(replies[0]!.text, title).to.equal(tFor(action.locale as Locale)('common:languageChanged'));
          }
        }
      });

      it(`[${locale}] a tenant without a second password, two-factor authentication or graduates never sees their buttons`, async () => {
        const plain = TenantSchema.parse({
          ...builtInDemoTenant,
          id: 'plain-u',
          features: { secondPassword: false, twoFactor: false, graduates: false, studentIdAddition: false },
        });
        const values = (await greetingButtons(locale, plain)).map(({ action }) => action);
        for (const value of ['forgot_second_password', 'auth_key_missing', 'graduate_application']) {
          expect(values).to.not.deep.include({ action: 'choice', value });
        }
        expect(values).to.deep.include({ action: 'choice', value: 'login_help' });
        expect(values).to.deep.include({ action: 'menu', topic: 'printing' });
        expect((await greetingButtons(locale)).map(({ action }) => action)).to.deep.include({ action: 'choice', value: 'forgot_second_password' });
      });

      it(`[${locale}] a typed change-email question starts the email journey, like the intent's button would`, async () => {
        const typed = newMain(locale, builtInDemoTenant, await trainedNlu());
        const replies = await turn(typed.harness, locale === 'ja' ? 'メールアドレスを変更したいです' : 'I want to change my email address');
        const alone = dialogClient(() => typed.main.findDialog(EMAIL_DIALOG)!, { locale, initialOptions: { intent: 'change_email' } });
        const expected = await turn(alone, { action: 'choice', value: 'change_email' });
        expect(replies.slice(0, expected.length).map((reply) => reply.text)).to.deep.equal(expected.map((reply) => reply.text));
      });
    }
  });
});

interface Card {
  body: Array<{ actions?: Array<{ type: string; title: string; data?: unknown; card?: Card }> }>;
  actions: Array<{ type: string; title: string; data?: unknown; card?: Card }>;
}

/** Every submit button of a card, those of its Action.ShowCard cards included. */
function submits(card: Card): Array<{ title: string; data?: unknown }> {
  return [...card.body.flatMap((element) => element.actions ?? []), ...card.actions].flatMap((action) => (action.card ? submits(action.card) : [action]));
}
