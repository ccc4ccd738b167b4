import * as AdaptiveCards from 'adaptivecards';

/** Parses a card with the Adaptive Cards object model and returns its parse and validation messages (none when valid). */
export function validateCard(content: unknown): string[] {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(content as object, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
  return [...parseEvents, ...card.validateProperties().validationEvents.map((event) => event.message)];
}
