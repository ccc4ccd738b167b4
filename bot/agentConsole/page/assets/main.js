// The agent console: log in, set presence, watch the queue and my chats (polling the agent API every 2 s), open a
// conversation, accept it, talk, keep private notes, transfer it or return it to the bot.
import { ApiError, createApi } from './api.js';
import { byId, forgetDrawn, show } from './dom.js';
import { createI18n } from './i18n.js';
import { isMine, renderLists, updateWaits } from './lists.js';
import { renderConversation, updateTyping } from './conversationView.js';
import { bindActions } from './actions.js';
import { createUnread } from './unread.js';
import { bindStaffPanel } from './staffPanel.js';
import { bindAuditView } from './auditView.js';

const POLL_MS = 2000;
/** The agent list (for transfers and my chat limit) and my presence change rarely: every fifth poll. */
const SLOW_EVERY = 5;

const config = JSON.parse(byId('agent-console-config').textContent);
const i18n = createI18n(config);
const api = createApi({ onUnauthorized: () => showLogin('errors.sessionEnded') });
const unread = createUnread();

const state = {
  me: null,
  conversations: [],
  fetchedAt: performance.now(),
  details: new Map(),
  agents: [],
  selectedId: null,
  confirmingReturn: false,
  serverNow: api.serverNow,
  unread: (id) => unread.count(id, state.details.get(id)),
};

let session = 0;
let pollTimer;
let inFlight = false;
let pollAgain = false;
let ticks = 0;
let noticeTimer;

function render() {
  if (!state.me) return;
  if (state.selectedId) unread.markRead(state.selectedId, state.details.get(state.selectedId));
  renderLists({ state, i18n, select });
  renderConversation({ state, i18n });
  staff.render();
  const waiting = state.conversations.filter((c) => c.state === 'queued').length;
  const unreadTotal = state.conversations.filter((c) => isMine(c, state.me)).reduce((sum, c) => sum + state.unread(c.id), 0);
  const badge = waiting + unreadTotal;
  document.title = badge > 0 ? `(${badge}) ${i18n.t('title')}` : i18n.t('title');
}

function select(id) {
  if (id !== state.selectedId) actions.switchDraft(id);
  state.selectedId = id;
  state.confirmingReturn = false;
  render();
  void poll();
}

/**
 * One round of reads; the next is scheduled when it ends, so slow answers never pile up. A call while a round is
 * in flight (after an action) asks for another round right after it instead of starting a second loop.
 */
async function poll() {
  if (!state.me) return;
  if (inFlight) {
    pollAgain = true;
    return;
  }
  inFlight = true;
  clearTimeout(pollTimer);
  const mySession = session;
  try {
    const slow = ticks++ % SLOW_EVERY === 0;
    const [list, me, agents] = await Promise.all([api.conversations(), slow ? api.me() : null, slow ? api.agents() : null]);
    const wanted = new Set(list.conversations.filter((c) => isMine(c, state.me)).map((c) => c.id));
    const selected = state.selectedId;
    if (selected) wanted.add(selected);
    const details = await Promise.all([...wanted].map(async (id) => [id, await detailOrNull(id)]));
    if (mySession === session) {
      state.conversations = list.conversations;
      state.fetchedAt = performance.now();
      state.details = new Map(details.filter(([, detail]) => detail !== null));
      // A chat this agent may no longer see (returned or transferred elsewhere) closes instead of loading forever.
      if (selected && selected === state.selectedId && !state.details.has(selected)) {
        actions.switchDraft(null);
        Object.assign(state, { selectedId: null, confirmingReturn: false });
      }
      if (me) setMe(me);
      if (agents) state.agents = agents.agents;
      show(byId('offline'), false);
      render();
    }
  } catch (error) {
    if (mySession === session && !(error instanceof ApiError && error.status === 401)) show(byId('offline'), true);
  } finally {
    inFlight = false;
  }
  if (pollAgain) {
    pollAgain = false;
    void poll();
  } else if (mySession === session && state.me) {
    pollTimer = setTimeout(poll, POLL_MS);
  }
}

async function detailOrNull(id) {
  try {
    return await api.conversation(id);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

function setMe(me) {
  state.me = { id: me.id, name: me.name, role: me.role, presence: me.presence ?? state.me?.presence ?? 'offline' };
  byId('me-name').textContent = i18n.t('signedInAs', { name: me.name, id: me.id });
  byId('presence').value = state.me.presence;
  audit.allow(me.role === 'supervisor');
}

function startConsole(me) {
  session += 1;
  ticks = 0;
  setMe(me);
  show(byId('login-view'), false);
  show(byId('console-view'), true);
  for (const id of ['me-name', 'presence-label', 'logout']) show(byId(id), true);
  void poll();
}

function showLogin(reasonKey) {
  session += 1;
  clearTimeout(pollTimer);
  pollAgain = false;
  Object.assign(state, { me: null, conversations: [], details: new Map(), agents: [], selectedId: null, confirmingReturn: false });
  document.title = i18n.t('title');
  audit.allow(false);
  staff.clear();
  show(byId('console-view'), false);
  show(byId('login-view'), true);
  for (const id of ['me-name', 'presence-label', 'logout', 'offline']) show(byId(id), false);
  const error = byId('login-error');
  error.textContent = reasonKey ? i18n.t(reasonKey) : '';
  show(error, Boolean(reasonKey));
  byId('login-id').focus();
}

/** A short message in the status line; errors from the API in the agent's language. */
function notify(key, values) {
  clearTimeout(noticeTimer);
  const notice = byId('notice');
  notice.textContent = i18n.t(key, values);
  show(notice, true);
  noticeTimer = setTimeout(() => show(notice, false), 8000);
}

function notifyError(error) {
  if (error instanceof ApiError && error.status === 401) return;
  if (!(error instanceof ApiError)) return notify('errors.network');
  const candidates = [`errors.codes.${error.code}`, `errors.status.${error.status}`, 'errors.status.other'];
  notify(candidates.find((key) => i18n.has(key)));
}

function applyLanguage() {
  i18n.apply(document);
  byId('language').textContent = i18n.t('switchLanguage');
  byId('language').setAttribute('lang', i18n.other);
  forgetDrawn(document);
  if (state.me) setMe(state.me);
  audit.render();
  render();
}

byId('language').addEventListener('click', () => {
  i18n.switchTo(i18n.other);
  applyLanguage();
});

const actions = bindActions({ api, state, i18n, poll, render, notify, notifyError, startConsole, showLogin });
const staff = bindStaffPanel({ api, state, i18n, notifyError });
const audit = bindAuditView({ api, i18n, notifyError });

// A second between polls: waits count up, and a stale "user is typing" goes away.
setInterval(() => {
  if (!state.me) return;
  updateWaits(state);
  updateTyping(state);
}, 1000);

applyLanguage();
api.me().then(startConsole, (error) => showLogin(error instanceof ApiError && error.status === 401 ? undefined : 'errors.network'));
