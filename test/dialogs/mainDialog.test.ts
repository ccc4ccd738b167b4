import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { MainDialog } from '../../dialogs/mainDialog.ts';
import { KeywordNlu } from '../../services/nlu/keywordNlu.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { cardText, dialogClient, tFor } from '../helpers/dialogClient.ts';

const nlu = KeywordNlu.load();
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** A user turn (text, or a card button's value) and what the bot must answer, by locale key. */
type Step = [input: string | Record<string, unknown>, replies: Array<string | ((reply: Partial<Activity>) => void)>];
interface Transcript {
  name: string;
  locale: Locale;
  steps: Step[];
}

const withMenu = (locale: Locale, key: string) => (reply: Partial<Activity>) => {
  expect(reply.text).to.equal(tFor(locale)(key));
  expect(reply.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
  expect(cardText(reply)).to.include(tFor(locale)('cards:menu.topics.deadlines'));
};

const cases: Transcript[] = (['ja', 'en'] as const).flatMap((locale) => {
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
        ['???', [(reply) => expect(reply.text).to.equal(`${t('common:choiceRetry')}\n${t('faq:browsers.askDevice')}`)]],
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
          [
            (reply) => {
              expect(reply.text).to.include(t('faq:deadlines.period'));
              expect(reply.text).to.include(t('faq:deadlines.noRefund'));
              expect(reply.text).to.include('https://www.example-u.ac.jp/');
            },
            withMenu(locale, 'common:anythingElse'),
          ],
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
      name: 'the menu language button switches and keeps the choice',
      locale,
      steps: [
        [{ action: 'language', locale: other }, [withMenu(other, 'common:languageChanged')]],
        [other === 'en' ? 'hello' : 'こんにちは', [withMenu(other, 'common:greeting')]],
      ],
    },
  ];
});

describe('MainDialog', () => {
  for (const transcript of cases) {
    it(`[${transcript.locale}] ${transcript.name}`, async () => {
      const { client, channelLocale } = dialogClient((state) => new MainDialog(nlu, state.createProperty<number>('misses')), {
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
        expect(client.getNextReply(), `no more replies to ${JSON.stringify(input)}`).to.equal(undefined);
      }
    });
  }
});
