import { expect } from 'chai';
import * as AdaptiveCards from 'adaptivecards';
import { menuCard, menuTopics } from '../../../dialogs/cards/menuCard.ts';
import { choiceCard } from '../../../dialogs/cards/choiceCard.ts';
import { readCardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';

/** Parses a card with the Adaptive Cards object model and returns its validation errors. */
function validate(content: unknown): string[] {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(content as object, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
  return [...parseEvents, ...card.validateProperties().validationEvents.map((event) => event.message)];
}

describe('menuCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const t = tFor(locale);
      const attachment = menuCard(t, { otherLocale: locale === 'ja' ? 'en' : 'ja' });
      type Action = { type: string; title: string; data: unknown };
      const content = attachment.content as { actions: Action[]; body: Array<{ type: string; actions?: Action[] }>; fallbackText: string };
      const buttons = [...content.actions, ...content.body.flatMap((element) => element.actions ?? [])];

      it('is a valid Adaptive Card', () => {
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validate(content)).to.deep.equal([]);
      });

      it('has one submit button per topic, titled from the locale, plus the language switch', () => {
        expect(buttons.map((action) => action.title)).to.deep.equal([
          ...menuTopics.map((topic) => t(`cards:menu.topics.${topic}`)),
          t(`cards:menu.switchTo.${locale === 'ja' ? 'en' : 'ja'}`),
        ]);
        expect(buttons.every((action) => action.type === 'Action.Submit')).to.equal(true);
        expect(buttons.map((action) => readCardAction(action.data))).to.deep.equal([
          ...menuTopics.map((topic) => ({ action: 'menu', topic })),
          { action: 'language', locale: locale === 'ja' ? 'en' : 'ja' },
        ]);
      });

      it('numbers every choice in its plain-text fallback', () => {
        expect(content.fallbackText).to.include(`1. ${t('cards:menu.topics.browsers')}`);
      });
    });
  }
});

describe('choiceCard', () => {
  it('sends each choice back as {action: "choice", value}', () => {
    const attachment = choiceCard({ question: 'Q?', choices: [{ value: 'pc', title: 'PC' }] });
    const content = attachment.content as { actions: Array<{ data: unknown }> };
    expect(validate(content)).to.deep.equal([]);
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
