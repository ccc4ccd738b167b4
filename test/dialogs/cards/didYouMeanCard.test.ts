import { expect } from 'chai';
import * as AdaptiveCards from 'adaptivecards';
import type { TFunction } from 'i18next';
import { readCardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import { didYouMeanCard, MAX_SUGGESTIONS, NONE_OF_THESE } from '../../../dialogs/cards/didYouMeanCard.ts';
import type { Suggestion } from '../../../dialogs/cards/didYouMeanCard.ts';
import { intentIds } from '../../../services/nlu/nlu.ts';
import { i18n, tFor } from '../../helpers/dialogClient.ts';

/** Parses a card with the Adaptive Cards object model and returns its validation errors. */
function validate(content: unknown): string[] {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(content as object, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
  return [...parseEvents, ...card.validateProperties().validationEvents.map((event) => event.message)];
}

type Action = { type: string; title: string; data: unknown };
interface Content {
  actions: Action[];
  body: Array<{ type: string; text?: string; actions?: Action[] }>;
  fallbackText: string;
}

const suggestions: Suggestion[] = [
  { intent: 'certificate_printing', topic: 'deadlines' },
  { intent: 'forgot_second_password' },
  { intent: 'supported_browsers', topic: 'browsers' },
];

describe('didYouMeanCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const t = tFor(locale);
      const attachment = didYouMeanCard(t, { suggestions });
      const content = attachment.content as Content;

      it('is a valid Adaptive Card', () => {
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validate(content)).to.deep.equal([]);
      });

      it('has one submit button per suggestion, titled per intent, and "none of these" last', () => {
        expect(content.actions.map((action) => action.title)).to.deep.equal([
          t('cards:intents.certificate_printing'),
          t('cards:intents.forgot_second_password'),
          t('cards:intents.supported_browsers'),
          t('cards:didYouMean.none'),
        ]);
        expect(content.actions.every((action) => action.type === 'Action.Submit')).to.equal(true);
      });

      it('sends a menu topic where one exists, the intent otherwise, and "none" for none of these', () => {
        expect(content.actions.map((action) => readCardAction(action.data))).to.deep.equal([
          { action: 'menu', topic: 'deadlines' },
          { action: 'choice', value: 'forgot_second_password' },
          { action: 'menu', topic: 'browsers' },
          { action: 'choice', value: NONE_OF_THESE },
        ]);
      });

      it('has a title for every intent but greeting, thanks and out of scope', () => {
        const offerable = intentIds.filter((intent) => !['greeting', 'thanks_bye', 'out_of_scope'].includes(intent));
        const missing = offerable.filter((intent) => !i18n.exists(`cards:intents.${intent}`, { lng: locale }));
        expect(missing).to.deep.equal([]);
      });

      it('numbers every choice in its plain-text fallback', () => {
        expect(content.fallbackText).to.include(`1. ${t('cards:intents.certificate_printing')}`);
        expect(content.fallbackText).to.include(`4. ${t('cards:didYouMean.none')}`);
      });
    });
  }

  context('with a t that returns its keys', () => {
    const keysOnly = ((key: string) => `<${key}>`) as unknown as TFunction;
    const content = didYouMeanCard(keysOnly, { suggestions: suggestions.slice(0, 1) }).content as Content;

    it('takes every string from t', () => {
      const texts = [...content.body.map((element) => element.text), ...content.actions.map((action) => action.title)];
      expect(texts).to.deep.equal(['<cards:didYouMean.heading>', '<cards:intents.certificate_printing>', '<cards:didYouMean.none>']);
    });
  });

  context(`with more than ${MAX_SUGGESTIONS} suggestions`, () => {
    it('refuses them', () => {
      const tooMany: Suggestion[] = [...suggestions, { intent: 'login_help' }];
      expect(() => didYouMeanCard(tFor('en'), { suggestions: tooMany })).to.throw(/at most 3/);
    });
  });
});
