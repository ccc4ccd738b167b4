import { CardFactory } from 'botbuilder';
import type { Attachment } from 'botbuilder';

/** What a card button sends back as `activity.value`. */
export type CardAction =
  | { action: 'menu'; topic: string }
  | { action: 'choice'; value: string }
  | { action: 'language'; locale: string };

export interface CardButton {
  title: string;
  data: CardAction;
}

/** Hosts render at most this many card-level actions (the Adaptive Cards default host config). */
export const MAX_CARD_ACTIONS = 5;

/**
 * A small Adaptive Card (schema 1.5): a heading, optional lines of text and a column of buttons
 * (at most MAX_CARD_ACTIONS), plus optional secondary buttons shown in a row under the heading.
 * `fallbackText` numbers the buttons so a channel that cannot render cards still offers the choices.
 */
export function adaptiveCard(
  heading: string,
  lines: readonly string[],
  buttons: readonly CardButton[],
  secondary: readonly CardButton[] = [],
): Attachment {
  if (buttons.length > MAX_CARD_ACTIONS) throw new Error(`a card takes at most ${MAX_CARD_ACTIONS} buttons`);
  const all = [...buttons, ...secondary];
  const fallback = [...(heading ? [heading] : []), ...lines, ...all.map((button, index) => `${index + 1}. ${button.title}`)].join('\n');
  return cardOf({
    fallbackText: fallback,
    ...(heading ? { speak: heading } : {}),
    body: [
      ...(heading ? [headingBlock(heading)] : []),
      ...lines.map(lineBlock),
      ...(secondary.length > 0 ? [{ type: 'ActionSet', actions: secondary.map(submit) }] : []),
    ],
    actions: buttons.map(submit),
  });
}

/** The parts every card of the bot is made of: what plain-text channels and screen readers get, the body, the buttons. */
export interface CardContent {
  fallbackText: string;
  speak?: string;
  body: readonly object[];
  actions?: readonly object[];
}

/** An Adaptive Card (schema 1.5) around `content`: the one place that names the schema and version. */
export function cardOf(content: CardContent): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: content.fallbackText,
    ...(content.speak === undefined ? {} : { speak: content.speak }),
    body: content.body,
    ...(content.actions === undefined ? {} : { actions: content.actions }),
  });
}

/** A card's heading. */
export const headingBlock = (text: string) => ({ type: 'TextBlock', text, wrap: true, weight: 'Bolder' });

/** A line of a card's text. */
export const lineBlock = (text: string) => ({ type: 'TextBlock', text, wrap: true, spacing: 'Small' });

/** Title–value pairs, as a FactSet. */
export const factSet = (facts: ReadonlyArray<readonly [string, string]>) => ({ type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value })) });

const submit = (button: CardButton) => ({ type: 'Action.Submit', title: button.title, data: button.data });

/** Reads a card submission from `activity.value`, or undefined when the value is not one of ours. */
export function readCardAction(value: unknown): CardAction | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.action === 'menu' && typeof record.topic === 'string') return { action: 'menu', topic: record.topic };
  if (record.action === 'choice' && typeof record.value === 'string') return { action: 'choice', value: record.value };
  if (record.action === 'language' && typeof record.locale === 'string') {
    return { action: 'language', locale: record.locale };
  }
  return undefined;
}
