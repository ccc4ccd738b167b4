// The open conversation: who has it, the redacted transcript, what the bot already tried, the identity check, the
// verified account's status and the private notes. Every value from the API is drawn as text.
import { byId, drawIfChanged, el, fill, show } from './dom.js';
import { formatTime } from './format.js';
import { isMine } from './lists.js';

const SENDERS = ['user', 'bot', 'agent', 'system'];
/** How long a typing signal counts, as Web Chat shows its own indicator. */
const TYPING_FRESH_MS = 6000;

/**
 * Whether the transcript follows new messages: true until the agent scrolls up to read, again once they scroll
 * back to the end (or open another chat).
 */
let followLatest = true;
byId('transcript').addEventListener('scroll', (event) => {
  const list = event.currentTarget;
  followLatest = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
});

export function renderConversation({ state, i18n }) {
  const conversation = state.selectedId ? state.details.get(state.selectedId) : undefined;
  const { t, label, locale } = i18n;
  show(byId('conversation-empty'), !conversation);
  show(byId('conversation'), Boolean(conversation));
  // Between a click and the poll that fetches the chat; a chat that left the agent's reach ends here too.
  byId('conversation-empty').textContent = t(state.selectedId ? 'conversation.loading' : 'conversation.none');
  if (!conversation) return;
  const summary = state.conversations.find((c) => c.id === conversation.id);
  const mine = isMine(conversation, state.me);

  byId('conversation-title').textContent = t('conversation.title', { tenant: conversation.tenant, language: label('locales', conversation.locale) });
  byId('conversation-status').textContent = statusText(conversation, summary, mine, t);
  show(byId('accept'), conversation.state === 'queued');
  show(byId('transfer-form'), mine);
  show(byId('return'), mine && !state.confirmingReturn);
  show(byId('return-confirm'), mine && state.confirmingReturn);
  show(byId('composer'), mine);
  renderTransferChoices(state, i18n);

  const transcript = byId('transcript');
  const entries = Array.isArray(conversation.transcript) ? conversation.transcript : [];
  drawIfChanged(transcript, JSON.stringify([locale, conversation.id, entries.length, entries.at(-1)?.at, entries.at(-1)?.text]), () => {
    if (transcript.dataset.conversation !== conversation.id) followLatest = true;
    transcript.dataset.conversation = conversation.id;
    fill(transcript, entries.map((entry) => transcriptEntry(entry, i18n)));
  });
  if (followLatest) transcript.scrollTop = transcript.scrollHeight;

  const panels = { journey, verification, account, notes };
  for (const [id, draw] of Object.entries(panels)) {
    const node = byId(id);
    drawIfChanged(node, JSON.stringify([locale, conversation[id] ?? null]), () => fill(node, draw(conversation[id], i18n)));
  }
  updateTyping(state);
}

/** "The user is typing…" while the user's last typing signal is fresh and no message of theirs came after it. */
export function updateTyping(state) {
  const conversation = state.selectedId ? state.details.get(state.selectedId) : undefined;
  const typingAt = Date.parse(conversation?.userTypingAt ?? '');
  const answered = (conversation?.transcript ?? []).some((entry) => entry.from === 'user' && Date.parse(entry.at) >= typingAt);
  show(byId('typing'), Number.isFinite(typingAt) && !answered && state.serverNow() - typingAt < TYPING_FRESH_MS);
}

function statusText(conversation, summary, mine, t) {
  if (conversation.state === 'queued') return t('conversation.queued', { position: summary?.position ?? '?' });
  if (mine) return t('conversation.withYou');
  if (conversation.state === 'assigned') return t('conversation.withAgent', { name: summary?.agentName ?? conversation.agentId ?? '' });
  return t('conversation.closed');
}

/** Online agents other than me; an agent at their chat limit is listed but cannot be picked. */
function renderTransferChoices(state, i18n) {
  const select = byId('transfer-agent');
  const agents = state.agents.filter((agent) => agent.presence === 'online' && agent.id !== state.me.id);
  drawIfChanged(select, JSON.stringify([i18n.locale, agents]), () => {
    const chosen = select.value;
    fill(
      select,
      agents.length === 0 ? el('option', { value: '', text: i18n.t('actions.nobodyOnline') }) : null,
      agents.map((agent) =>
        el('option', {
          value: agent.id,
          disabled: agent.activeChats >= agent.maxChats,
          text: i18n.t('actions.agentChoice', { name: agent.name, active: agent.activeChats, max: agent.maxChats }),
        }),
      ),
    );
    if (agents.some((agent) => agent.id === chosen)) select.value = chosen;
  });
  byId('transfer').disabled = !agents.some((agent) => agent.activeChats < agent.maxChats);
}

function transcriptEntry(entry, i18n) {
  const from = SENDERS.includes(entry.from) ? entry.from : 'system';
  const who = from === 'agent' && entry.name ? entry.name : i18n.t(`from.${from}`);
  return el(
    'li',
    { class: `entry from-${from}` },
    el('span', { class: 'entry-head' }, el('span', { class: 'who', text: who }), el('time', { datetime: entry.at, text: formatTime(entry.at, i18n.locale) })),
    el('p', { class: 'text', text: entry.text ?? '' }),
  );
}

function journey(value, { t, label }) {
  const steps = Array.isArray(value?.steps) ? value.steps : [];
  if (!value?.intent && steps.length === 0) return el('p', { class: 'empty', text: t('journey.none') });
  return [
    value.intent ? el('p', { class: 'intent', text: label('intents', value.intent) }) : null,
    steps.length > 0 ? el('ol', { class: 'steps' }, steps.map((step) => el('li', { text: label('steps', step) }))) : null,
  ];
}

function verification(value, { t, label, locale }) {
  if (!value) return el('p', { class: 'empty', text: t('verification.none') });
  const passed = Array.isArray(value.passed) ? value.passed : [];
  return el(
    'dl',
    {},
    el('dt', { text: t('verification.passed') }),
    el('dd', { text: passed.length > 0 ? passed.map((check) => label('verification.checks', check)).join(t('listSeparator')) : t('verification.nonePassed') }),
    el('dt', { text: t('verification.at') }),
    el('dd', { text: formatTime(value.at, locale) || '—' }),
    el('dt', { text: t('verification.attempts') }),
    el('dd', { text: String(value.attempts ?? '—') }),
  );
}

function account(value, i18n) {
  if (!value || typeof value !== 'object') return el('p', { class: 'empty', text: i18n.t('account.none') });
  return fields(value, i18n);
}

/** A masked status as a definition list; field names and known values from the locale, anything else as sent. */
function fields(object, i18n) {
  return el(
    'dl',
    {},
    Object.entries(object).flatMap(([key, value]) => {
      const wide = value !== null && typeof value === 'object';
      return [el('dt', { class: wide ? 'wide' : undefined, text: i18n.label('account.fields', key) }), el('dd', { class: wide ? 'wide' : undefined }, fieldValue(key, value, i18n, 0))];
    }),
  );
}

/** One value as text; a nested record (a mail) as its fields, one per line; a list as a list. */
function fieldValue(key, value, i18n, depth) {
  if (typeof value === 'boolean') return i18n.t(value ? 'values.yes' : 'values.no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return /At$/.test(key) ? formatTime(value, i18n.locale) || value : i18n.label(`account.values.${key}`, value);
  if (Array.isArray(value)) {
    if (value.length === 0) return i18n.t('values.none');
    return el('ul', {}, value.map((each) => el('li', {}, fieldValue(key, each, i18n, depth + 1))));
  }
  if (value && typeof value === 'object') {
    if (depth > 2) return JSON.stringify(value);
    return Object.entries(value).map(([inner, innerValue]) =>
      el('span', { class: 'pair' }, `${i18n.label('account.fields', inner)}: `, fieldValue(inner, innerValue, i18n, depth + 1)),
    );
  }
  return '—';
}

function notes(value, { t, locale }) {
  const list = Array.isArray(value) ? value : [];
  if (list.length === 0) return el('li', { class: 'empty', text: t('notes.none') });
  return list.map((note) =>
    el('li', {}, el('span', { class: 'entry-head' }, el('span', { class: 'who', text: note.by ?? '' }), el('time', { datetime: note.at, text: formatTime(note.at, locale) })), el('p', { class: 'text', text: note.text ?? '' })),
  );
}
