import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { menuTopics } from '../../../dialogs/cards/menuCard.ts';
import { readCardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import { KeywordNlu } from '../../../services/nlu/keywordNlu.ts';
import type { Nlu } from '../../../services/nlu/nlu.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { cardText, dialogClient, tFor } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { play, turn } from '../../helpers/transcript.ts';
import type { Expected, Step } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { trainedNlu } from '../../services/nlu/trainedNlu.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** A university like manual 004's: no second password, no two-factor authentication, no graduates. */
const plainTenant: Tenant = TenantSchema.parse({
  ...builtInDemoTenant,
  id: 'plain-u',
  name: { ja: 'プレーン大学', en: 'Plain University' },
  features: { secondPassword: false, twoFactor: false, graduates: false, studentIdAddition: false },
  callCenter: [{ number: '06-6809-4327', hours: null, japaneseOnly: true }],
  webPage: 'https://www.plain-u.ac.jp/',
});

const printingParts = ['places', 'payment', 'deadlines', 'overseas', 'certificateNotes'] as const;

/** Every expected reply of the FAQ, by locale, for the demo tenant unless told. */
function replies(locale: Locale, tenant: Tenant = builtInDemoTenant) {
  const t = tFor(locale);
  const page = { university: tenant.name[locale], webPage: tenant.webPage };
  const contact = { contact: t('cards:menu.topics.contact') };
  const list = (key: string) => (t(key, { returnObjects: true }) as string[]).map((item, index) => `${index + 1}. ${item}`).join('\n');
  const callCenter = [t('faq:contact.intro'), ...tenant.callCenter.map((phone) => phone.number)];
  return {
    t,
    overview: ((reply) => {
      expect(reply.text).to.equal([t('faq:printing.overview'), t('faq:printing.university', page), t('faq:printing.askMore')].join('\n\n'));
      expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
      const content = reply.attachments![0]!.content as { actions: Array<{ title: string; data: unknown }> };
      expect(validateCard(content)).to.deep.equal([]);
      expect(content.actions.map((action) => [action.title, readCardAction(action.data)])).to.deep.equal(
        printingParts.map((topic) => [t(`faq:printing.choices.${topic}.title`), { action: 'menu', topic }]),
      );
    }) satisfies Expected,
    askMoreAgain: ((reply) => {
      expect(reply.text).to.equal(t('faq:printing.askMore'));
      expect(cardText(reply)).to.include(t('faq:printing.choices.places.title'));
    }) satisfies Expected,
    places: [t('faq:places.intro'), list('faq:places.list'), t('faq:printing.university', page)].join('\n\n'),
    payment: [t('faq:payment.intro'), list('faq:payment.list'), t('faq:payment.printingFee'), t('faq:printing.university', page)].join('\n\n'),
    deadlines: [t('faq:deadlines.period'), t('faq:deadlines.noRefund')].join('\n\n'),
    refund: ((reply) => {
      expect(reply.text?.startsWith([t('faq:deadlines.period'), t('faq:deadlines.noRefund'), t('faq:refund.person')].join('\n\n'))).to.equal(true);
      for (const line of callCenter) expect(reply.text).to.include(line);
    }) satisfies Expected,
    overseas: [t('faq:overseas.stores'), t('faq:overseas.post', page), t('faq:overseas.other', contact)].join('\n\n'),
    certificateNotes: [t('faq:certificateNotes.intro'), list('faq:certificateNotes.list'), t('faq:printing.university', page)].join('\n\n'),
    serviceHours: [t('faq:serviceHours.answer'), t('faq:serviceHours.callCenter', contact)].join('\n\n'),
    manual: [t('faq:manual.answer'), t('faq:manual.university', page)].join('\n\n'),
    afterLogin: (items: string[]) =>
      [t('faq:afterLogin.intro'), items.map((item, index) => `${index + 1}. ${t(`faq:afterLogin.items.${item}`)}`).join('\n'), t('faq:afterLogin.more')].join('\n\n'),
    menu: (key: string): Expected => (reply) => {
      expect(reply.text).to.equal(t(key));
      expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
      expect(cardText(reply)).to.include(t('cards:menu.more'));
    },
  };
}

interface Transcript {
  name: string;
  locale: Locale;
  steps: Step[];
}

const cases: Transcript[] = (['ja', 'en'] as const).flatMap((locale) => {
  const r = replies(locale);
  const anythingElse = r.menu('common:anythingElse');
  const say = (ja: string, en: string) => (locale === 'ja' ? ja : en);
  return [
    {
      name: 'the printing button gives a short overview and asks what next; a part button answers it',
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [{ action: 'menu', topic: 'payment' }, [r.payment, anythingElse]],
      ],
    },
    ...printingParts.map((part, index) => ({
      name: `the follow-up's choice ${index + 1} (${part}), typed as its number, answers that part`,
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [String(index + 1), [r[part], anythingElse]],
      ] satisfies Step[],
    })),
    {
      name: "the follow-up's choice typed as its title answers it",
      locale,
      steps: [
        [say('証明書を印刷したい', 'I want to print a certificate'), [r.overview]],
        [r.t('faq:printing.choices.deadlines.title'), [r.deadlines, anythingElse]],
      ],
    },
    {
      name: 'a typed question about one part, after the follow-up question, answers that part',
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [say('現金で払えますか', 'Can I use cash?'), [r.payment, anythingElse]],
      ],
    },
    {
      name: 'a new question after the follow-up question is understood afresh',
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [say('こんにちは', 'hello'), [r.menu('common:greeting')]],
      ],
    },
    {
      name: 'another menu button after the follow-up question starts that topic',
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [{ action: 'menu', topic: 'serviceHours' }, [r.serviceHours, anythingElse]],
      ],
    },
    {
      name: 'a language switch during the follow-up question asks it again, without the overview',
      locale,
      steps: [
        [{ action: 'menu', topic: 'printing' }, [r.overview]],
        [
          locale === 'ja' ? 'English' : '日本語',
          [tFor(locale === 'ja' ? 'en' : 'ja')('common:languageChanged'), replies(locale === 'ja' ? 'en' : 'ja').askMoreAgain],
        ],
      ],
    },
    {
      name: 'a question naming the place goes straight to where to get it',
      locale,
      steps: [[say('コンビニで印刷したい', 'Where can I print it?'), [r.places, anythingElse]]],
    },
    {
      name: 'a question about the deadline goes straight to the deadlines',
      locale,
      steps: [[say('支払いの期限は？', 'what is the payment deadline?'), [r.deadlines, anythingElse]]],
    },
    {
      name: 'a refund question gets the rule and the call center',
      locale,
      steps: [[say('返金してほしい', 'I want a refund'), [r.refund, anythingElse]]],
    },
    {
      name: 'printing from abroad: stores in Japan only, post through the university',
      locale,
      steps: [[say('海外で印刷できますか', 'Can I print overseas?'), [r.overseas, anythingElse]]],
    },
    {
      name: 'a sealed copy or a changed name: what only the university arranges',
      locale,
      steps: [[say('旧姓で証明書を印刷できますか', 'Can I print a sealed certificate?'), [r.certificateNotes, anythingElse]]],
    },
    {
      name: 'where the manual is, asked in printing words, gets the manual',
      locale,
      steps: [[say('マニュアルはどこ？', 'Where is the manual?'), [r.manual, anythingElse]]],
    },
    {
      name: 'the service hours button: 24 hours, 365 days, except maintenance and suspension',
      locale,
      steps: [[{ action: 'menu', topic: 'serviceHours' }, [r.serviceHours, anythingElse]]],
    },
    {
      name: 'the menu after login: every item of a tenant with every feature',
      locale,
      steps: [
        [
          { action: 'menu', topic: 'afterLogin' },
          [r.afterLogin(['changeEmail', 'changeSecondPassword', 'twoFactor', 'studentId', 'graduates', 'manual']), anythingElse],
        ],
      ],
    },
    {
      name: 'a part button on an old card still answers',
      locale,
      steps: [
        [{ action: 'menu', topic: 'overseas' }, [r.overseas, anythingElse]],
        [{ action: 'menu', topic: 'certificateNotes' }, [r.certificateNotes, anythingElse]],
      ],
    },
  ];
});

async function playCase(nlu: Nlu, transcript: Transcript, tenant?: Tenant): Promise<void> {
  const accounts = new FakeAccounts();
  const harness = dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses'), accounts), {
    locale: transcript.locale,
    ...(tenant ? { tenant } : {}),
  });
  await play(harness, transcript.steps);
}

describe('FaqDialog', () => {
  context('with keyword rules', () => {
    const nlu = KeywordNlu.load();
    for (const transcript of cases) {
      it(`[${transcript.locale}] ${transcript.name}`, async () => {
        await playCase(nlu, transcript);
      });
    }
  });

  context('with the trained model', () => {
    let nlu: Nlu;
    before(async () => {
      nlu = await trainedNlu();
    });
    const trained: Array<[Locale, string, keyof ReturnType<typeof replies>]> = [
      ['ja', '海外で印刷できますか', 'overseas'],
      ['en', 'Can I print overseas?', 'overseas'],
      ['ja', 'スマートピットで支払う方法', 'payment'],
      ['en', 'Can I pay with a transportation IC card?', 'payment'],
      ['ja', '厳封してほしい', 'certificateNotes'],
      ['en', 'Will I get a refund if I miss the deadline?', 'refund'],
    ];
    for (const [locale, text, part] of trained) {
      it(`[${locale}] "${text}" is answered with ${part}`, async () => {
        const r = replies(locale);
        await playCase(nlu, { name: text, locale, steps: [[text, [r[part] as Expected, r.menu('common:anythingElse')]]] });
      });
    }
  });

  context('for a tenant without a second password, two-factor authentication or graduates', () => {
    const nlu = KeywordNlu.load();
    for (const locale of ['ja', 'en'] as const) {
      it(`[${locale}] the menu after login lists only the mail address change and the manual`, async () => {
        const r = replies(locale, plainTenant);
        await playCase(
          nlu,
          { name: 'plain', locale, steps: [[{ action: 'menu', topic: 'afterLogin' }, [r.afterLogin(['changeEmail', 'manual']), r.menu('common:anythingElse')]]] },
          plainTenant,
        );
      });

      it(`[${locale}] answers every topic with the tenant's page and never mentions those features`, async () => {
        const t = tFor(locale);
        const unused = [t('cards:menu.journeys.forgot_second_password'), t('cards:menu.journeys.auth_key_missing'), t('cards:menu.journeys.graduate_application')];
        const words = locale === 'ja' ? ['第2パスワード', '第２パスワード', '認証キー', '二要素', '卒業生', '学籍番号追加'] : ['second password', 'authentication key', 'two-factor', 'graduates', 'student id number'];
        const harness = dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses'), new FakeAccounts()), {
          locale,
          tenant: plainTenant,
        });
        const seen: Array<Partial<Activity>> = [];
        for (const topic of menuTopics.filter((topic) => topic !== 'browsers' && topic !== 'printing')) {
          seen.push(...(await turn(harness, { action: 'menu', topic })));
        }
        seen.push(...(await turn(harness, { action: 'menu', topic: 'printing' })));
        const text = JSON.stringify(seen.map(({ text: said, attachments }) => ({ said, attachments })));
        expect(text).to.include(plainTenant.webPage);
        expect(text).to.include('06-6809-4327');
        expect(text).to.not.include(builtInDemoTenant.webPage);
        for (const word of [...unused, ...words]) expect(text.toLowerCase(), word).to.not.include(word.toLowerCase());
      });
    }
  });
});
