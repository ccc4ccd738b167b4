// The bot's Adaptive Cards, drawn without the adaptivecards renderer: the console needs only what the bot's cards
// use (TextBlock, RichTextBlock, FactSet, Container, ColumnSet, ActionSet; Action.Submit and Action.OpenUrl). Every
// string goes in as text: a card's Markdown shows as typed, and a reason or a bounce message with markup stays inert.
import { el } from './dom.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Deeper nesting than any card of ours: past it, the rest is left out rather than walked. */
const MAX_DEPTH = 6;

/**
 * One attachment as DOM. `submit(data, title)` runs when an Action.Submit button is pressed; the card's buttons
 * are disabled from then on (an answer is given once). Anything but an Adaptive Card shows its fallback text.
 */
export function attachmentView(attachment, { submit, unsupported }) {
  const content = attachment?.content;
  if (attachment?.contentType !== ADAPTIVE_CARD || !content || typeof content !== 'object') {
    return el('p', { class: 'card-fallback', text: unsupported });
  }
  const card = el('div', { class: 'card' });
  const buttons = [];
  const press = (data, title) => {
    for (const button of buttons) button.disabled = true;
    card.classList.add('answered');
    submit(data, title);
  };
  const context = { buttons, press };
  const body = elements(content.body, context, 0);
  const actions = actionRow(content.actions, context);
  if (body.length === 0 && !actions) {
    card.append(el('p', { class: 'card-text', text: typeof content.fallbackText === 'string' ? content.fallbackText : unsupported }));
  } else card.append(...body, ...(actions ? [actions] : []));
  return card;
}

function elements(list, context, depth) {
  if (!Array.isArray(list) || depth > MAX_DEPTH) return [];
  return list.flatMap((item) => {
    if (!item || typeof item !== 'object' || item.isVisible === false) return [];
    const drawn = element(item, context, depth);
    return drawn ? [drawn] : [];
  });
}

function element(item, context, depth) {
  switch (item.type) {
    case 'TextBlock':
      return el('p', { class: item.weight === 'Bolder' ? 'card-text card-heading' : 'card-text', text: text(item.text) });
    case 'RichTextBlock':
      return el('p', { class: 'card-text', text: (Array.isArray(item.inlines) ? item.inlines : []).map((inline) => text(typeof inline === 'string' ? inline : inline?.text)).join('') });
    case 'FactSet':
      return el('dl', { class: 'card-facts' }, (Array.isArray(item.facts) ? item.facts : []).flatMap((fact) => [el('dt', { text: text(fact?.title) }), el('dd', { text: text(fact?.value) })]));
    case 'Container':
      return el('div', { class: 'card-container' }, elements(item.items, context, depth + 1));
    case 'ColumnSet':
      return el('div', { class: 'card-columns' }, (Array.isArray(item.columns) ? item.columns : []).map((column) => el('div', { class: 'card-column' }, elements(column?.items, context, depth + 1))));
    case 'ActionSet':
      return actionRow(item.actions, context);
    default:
      // Images (the policy allows none from the network), inputs and newer elements: not used by the bot's cards.
      return null;
  }
}

function actionRow(actions, context) {
  if (!Array.isArray(actions)) return null;
  const drawn = actions.map((action) => actionView(action, context)).filter(Boolean);
  return drawn.length > 0 ? el('div', { class: 'card-actions' }, drawn) : null;
}

function actionView(action, context) {
  if (!action || typeof action !== 'object') return null;
  const title = text(action.title);
  if (action.type === 'Action.Submit') {
    const button = el('button', { type: 'button', text: title, onclick: () => context.press(action.data, title) });
    context.buttons.push(button);
    return button;
  }
  if (action.type === 'Action.OpenUrl' && /^https?:\/\//i.test(String(action.url ?? ''))) {
    return el('a', { href: action.url, target: '_blank', rel: 'noopener noreferrer', text: title || action.url });
  }
  return null;
}

const text = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
