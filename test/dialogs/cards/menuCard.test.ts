import { expect } from 'chai';
import type { TFunction } from 'i18next';
import { menuCard } from '../../../dialogs/cards/menuCard.ts';
import { choiceCard } from '../../../dialogs/cards/choiceCard.ts';
import { faqFollowUpCard } from '../../../dialogs/cards/faqFollowUpCard.ts';
import { MAX_CARD_ACTIONS, readCardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import type { CardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

type Features = Tenant['features'];
interface Action {
  type: string;
  title: string;
  data?: unknown;
  card?: Card;
}
interface Card {
  body: Array<{ type: string; text?: string; actions?: Action[] }>;
  actions: Action[];
  fallbackText?: string;
}

const all: Features = { secondPassword: true, twoFactor: true, graduates: true, studentIdAddition: true };
const none: Features = { secondPassword: false, twoFactor: false, graduates: false, studentIdAddition: false };

/** Every submit button of a card, its Action.ShowCard cards included, in reading order: rows in the body, then the actions. */
function submits(card: Card): Action[] {
  const rows = card.body.flatMap((element) => element.actions ?? []);
  return [...rows, ...card.actions].flatMap((action) => (action.card ? submits(action.card) : [action]));
}

const titles = (t: TFunction, keys: string[]) => keys.map((key) => t(key));

describe('menuCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    const t = tFor(locale);
    const other = locale === 'ja' ? 'en' : 'ja';
    const contentOf = (features: Features) => menuCard(t, { otherLocale: other, features }).content as Card;

    context(`in ${locale}, for a tenant with every feature`, () => {
      const attachment = menuCard(t, { otherLocale: other, features: all });
      const content = attachment.content as Card;

      it('is a valid Adaptive Card', () => {
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validateCard(content)).to.deep.equal([]);
      });

      it('offers the four journeys and "Other questions" as its primary buttons', () => {
        expect(content.actions.map((action) => action.title)).to.deep.equal([
          ...titles(t, [
            'cards:menu.journeys.login_help',
            'cards:menu.journeys.confirmation_mail_missing',
            'cards:menu.journeys.forgot_second_password',
            'cards:menu.journeys.auth_key_missing',
          ]),
          t('cards:menu.more'),
        ]);
        expect(content.actions.length).to.be.at.most(MAX_CARD_ACTIONS);
        expect(content.actions.slice(0, 4).map((action) => readCardAction(action.data))).to.deep.equal(
          ['login_help', 'confirmation_mail_missing', 'forgot_second_password', 'auth_key_missing'].map((value) => ({ action: 'choice', value })),
        );
        expect(content.actions[4]!.type).to.equal('Action.ShowCard');
      });

      it('keeps the language switch in the secondary row under the heading', () => {
        expect(content.body[0]).to.deep.include({ type: 'TextBlock', text: t('cards:menu.heading') });
        expect(content.body[1]!.actions!.map((action) => [action.title, readCardAction(action.data)])).to.deep.equal([
          [t(`cards:menu.switchTo.${other}`), { action: 'language', locale: other }],
        ]);
      });

      it('opens the FAQ topics, graduates, the call center and a person under "Other questions"', () => {
        const more = content.actions[4]!.card!;
        expect(more.body[0]).to.deep.include({ type: 'TextBlock', text: t('cards:menu.moreHeading') });
        expect(more.body[1]!.actions!.map((action) => [action.title, readCardAction(action.data)])).to.deep.equal(
          ['printing', 'browsers', 'portalLanguage', 'afterLogin', 'serviceHours'].map((topic) => [t(`cards:menu.topics.${topic}`), { action: 'menu', topic }]),
        );
        expect(more.actions.map((action) => [action.title, readCardAction(action.data)])).to.deep.equal([
          [t('cards:menu.journeys.graduate_application'), { action: 'choice', value: 'graduate_application' }],
          [t('cards:menu.topics.contact'), { action: 'menu', topic: 'contact' }],
          [t('cards:menu.journeys.human_agent'), { action: 'choice', value: 'human_agent' }],
        ]);
        expect(more.body[1]!.actions!.length).to.be.at.most(MAX_CARD_ACTIONS);
      });

      it('has only submit buttons that MainDialog reads, every title from the locale', () => {
        const buttons = submits(content);
        expect(buttons.every((action) => action.type === 'Action.Submit')).to.equal(true);
        expect(buttons.map((action) => readCardAction(action.data))).to.not.include(undefined);
        expect(buttons.every((action) => action.title !== '' && !action.title.includes('cards:'))).to.equal(true);
      });

      it('numbers every choice in its plain-text fallback, journeys first', () => {
        const lines = content.fallbackText!.split('\n');
        expect(lines[0]).to.equal(t('cards:menu.heading'));
        expect(lines[1]).to.equal(`1. ${t('cards:menu.journeys.login_help')}`);
        expect(lines).to.include(t('cards:menu.moreHeading'));
        expect(lines).to.include(`5. ${t('cards:menu.topics.printing')}`);
        expect(lines.at(-1)).to.equal(`13. ${t(`cards:menu.switchTo.${other}`)}`);
      });
    });

    context(`in ${locale}, for a tenant without a second password, two-factor authentication or graduates`, () => {
      const content = contentOf(none);
      const text = JSON.stringify(content);

      it('is a valid Adaptive Card', () => {
        expect(validateCard(content)).to.deep.equal([]);
      });

      it('never shows their buttons, not even in the fallback text', () => {
        for (const key of ['forgot_second_password', 'auth_key_missing', 'graduate_application']) {
          expect(text).to.not.include(t(`cards:menu.journeys.${key}`));
          expect(text).to.not.include(`"${key}"`);
        }
        expect(content.actions.map((action) => action.title)).to.deep.equal(
          titles(t, ['cards:menu.journeys.login_help', 'cards:menu.journeys.confirmation_mail_missing', 'cards:menu.more']),
        );
      });
    });

    for (const feature of ['secondPassword', 'twoFactor', 'graduates'] as const) {
      const intent = { secondPassword: 'forgot_second_password', twoFactor: 'auth_key_missing', graduates: 'graduate_application' }[feature];
      it(`[${locale}] shows the ${intent} button exactly when the tenant has ${feature}`, () => {
        const values = (features: Features) => submits(contentOf(features)).map((action) => readCardAction(action.data));
        const button: CardAction = { action: 'choice', value: intent };
        expect(values({ ...none, [feature]: true })).to.deep.include(button);
        expect(values({ ...all, [feature]: false })).to.not.deep.include(button);
      });
    }
  }
});

describe('faqFollowUpCard', () => {
  it('sends each part as a menu topic, so a press on an old card still answers', () => {
    const t = tFor('en');
    const attachment = faqFollowUpCard(t, { choicesKey: 'faq:printing.choices', topics: ['places', 'payment'] });
    const content = attachment.content as Card;
    expect(validateCard(content)).to.deep.equal([]);
    expect(content.actions.map((action) => [action.title, readCardAction(action.data)])).to.deep.equal([
      [t('faq:printing.choices.places.title'), { action: 'menu', topic: 'places' }],
      [t('faq:printing.choices.payment.title'), { action: 'menu', topic: 'payment' }],
    ]);
    expect(content.fallbackText).to.equal(`1. ${t('faq:printing.choices.places.title')}\n2. ${t('faq:printing.choices.payment.title')}`);
  });
});

describe('choiceCard', () => {
  it('sends each choice back as {action: "choice", value}', () => {
    const attachment = choiceCard({ question: 'Q?', choices: [{ value: 'pc', title: 'PC' }] });
    const content = attachment.content as { actions: Array<{ data: unknown }> };
    expect(validateCard(content)).to.deep.equal([]);
    expect(readCardAction(content.actions[0]!.data)).to.deep.equal({ action: 'choice', value: 'pc' });
  });
});

describe('readCardAction', () => {
  for (const value of [undefined, null, 'menu', [], { action: 'menu' }, { action: 'drop', topic: 'x' }, { action: 'choice', value: 1 }]) {
    it(`ignores ${JSON.stringify(value)}`, () => {
      expect(readCardAction(value)).to.equal(undefined);
    });
  }
});
