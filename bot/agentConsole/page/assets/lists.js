// The left column: my chats (with unread counts), the queue (position and a wait that counts up between polls)
// and, for a supervisor's overview, the chats other agents have.
import { byId, drawIfChanged, el, fill, show } from './dom.js';
import { formatWait } from './format.js';

/** Draws the three lists from the last poll. `select(id)` opens a conversation. */
export function renderLists({ state, i18n, select }) {
  const { t } = i18n;
  const mine = state.conversations.filter((c) => isMine(c, state.me));
  const queue = state.conversations.filter((c) => c.state === 'queued').sort((a, b) => a.position - b.position);
  const others = state.conversations.filter((c) => c.state === 'assigned' && !isMine(c, state.me));
  const myLimit = state.agents.find((agent) => agent.id === state.me.id)?.maxChats;

  byId('mine-count').textContent = myLimit ? t('lists.capacity', { count: mine.length, max: myLimit }) : String(mine.length);
  byId('queue-count').textContent = String(queue.length);
  show(byId('mine-empty'), mine.length === 0);
  show(byId('queue-empty'), queue.length === 0);
  // The server offers the queue to online agents only (issue 6 item 3): say why it is empty.
  byId('queue-empty').textContent = t(state.me.presence === 'online' ? 'lists.queueEmpty' : 'lists.queueOffline');
  show(byId('others-section'), others.length > 0);

  const draw = (list, conversations, meta) => {
    const rows = conversations.map((c) => ({ c, meta: meta(c) }));
    const key = JSON.stringify([i18n.locale, state.selectedId, rows.map(({ c, meta }) => [c.id, c.intent, c.locale, c.tenant, c.preview, meta])]);
    drawIfChanged(list, key, () => fill(list, rows.map(({ c, meta }) => item(c, meta, state.selectedId === c.id, i18n, select))));
  };
  draw(byId('mine'), mine, (c) => ({ unread: state.unread(c.id) }));
  draw(byId('queue'), queue, (c) => ({ position: c.position }));
  draw(byId('others'), others, (c) => ({ agent: c.agentName ?? c.agentId ?? '' }));
  updateWaits(state);
}

/** Moves every shown wait on by the time since the poll that reported it. */
export function updateWaits(state) {
  const elapsed = (performance.now() - state.fetchedAt) / 1000;
  for (const node of document.querySelectorAll('.wait[data-id]')) {
    const c = state.conversations.find((each) => each.id === node.dataset.id);
    if (c) node.textContent = formatWait(c.waitSeconds + elapsed);
  }
}

export const isMine = (c, me) => c.state === 'assigned' && me !== null && c.agentId === me.id;

function item(c, meta, selected, i18n, select) {
  const { t, label } = i18n;
  const badges = [];
  if (meta.position !== undefined) {
    badges.push(el('span', { class: 'position', text: t('lists.position', { position: meta.position }) }));
    badges.push(el('span', { class: 'wait', dataset: { id: c.id }, 'aria-label': t('lists.wait'), text: formatWait(c.waitSeconds) }));
  }
  if (meta.unread > 0) badges.push(el('span', { class: 'unread', 'aria-label': t('lists.unread', { count: meta.unread }), text: String(meta.unread) }));
  if (meta.agent) badges.push(el('span', { class: 'agent', text: meta.agent }));
  return el(
    'li',
    {},
    el(
      'button',
      { type: 'button', class: 'item', dataset: { id: c.id }, 'aria-current': selected ? 'true' : undefined, onclick: () => select(c.id) },
      el('span', { class: 'item-head' }, el('span', { class: 'intent', text: c.intent ? label('intents', c.intent) : t('lists.noIntent') }), el('span', { class: 'locale', text: label('locales', c.locale) })),
      el('span', { class: 'preview', text: c.preview ?? '' }),
      el('span', { class: 'item-meta' }, el('span', { class: 'tenant', text: c.tenant }), badges),
    ),
  );
}
