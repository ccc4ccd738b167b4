// The staff box (issue 7): staff commands typed here run as bot turns in the agent's own console conversation
// (POST /agent/api/staff/turn), with the open chat as the default case; the bot's replies, cards included, show
// below the box and a card's buttons answer it. Nothing here decides what staff may do: the server does.
import { byId, el, fill, show } from './dom.js';
import { attachmentView } from './cardView.js';

/** The case and tenant ids the server accepts (bot/staff/staffRoutes.ts); anything else lets the bot ask. */
const CASE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Older entries leave the log past this many. */
const MAX_ENTRIES = 100;

export function bindStaffPanel({ api, state, i18n, notifyError }) {
  const log = byId('staff-log');
  const form = byId('staff-form');
  const input = byId('staff-command');
  /** Turns run one after another: the bot's dialog state of a turn is the next one's start. */
  let queue = Promise.resolve();
  /** Bumped at logout: an answer to the last member's turn is not shown to the next. */
  let generation = 0;

  const openChat = () => (state.selectedId ? state.details.get(state.selectedId) : undefined);
  const openCase = () => (state.selectedId && CASE_ID.test(state.selectedId) ? state.selectedId : undefined);

  function append(entry) {
    log.append(entry);
    while (log.children.length > MAX_ENTRIES) log.firstElementChild.remove();
    show(byId('staff-log-empty'), false);
    log.scrollTop = log.scrollHeight;
  }

  /** Sends one turn (`{text}` or `{value}`); `shownAs` is what the log shows of it. */
  function turn(body, shownAs) {
    append(el('li', { class: 'staff-entry from-me' }, el('p', { class: 'text', text: shownAs })));
    const tenant = openChat()?.tenant;
    const request = {
      ...body,
      locale: i18n.locale,
      ...(openCase() ? { conversationId: openCase() } : {}),
      ...(typeof tenant === 'string' && TENANT_ID.test(tenant) ? { tenant } : {}),
    };
    const mine = generation;
    queue = queue.then(async () => {
      if (mine !== generation) return;
      try {
        const answer = await api.staffTurn(request);
        if (mine !== generation) return;
        const activities = Array.isArray(answer?.activities) ? answer.activities.filter((activity) => activity?.type === 'message') : [];
        if (activities.length === 0) append(systemEntry(i18n.t('staff.noReply')));
        for (const activity of activities) append(reply(activity));
      } catch (error) {
        if (mine !== generation) return;
        append(systemEntry(i18n.t('staff.failed')));
        notifyError(error);
      }
    });
    return queue;
  }

  function reply(activity) {
    const submit = (data, title) => {
      if (data && typeof data === 'object' && !Array.isArray(data)) void turn({ value: data }, title);
      else if (typeof data === 'string' && data.trim() !== '') void turn({ text: data }, title);
    };
    return el(
      'li',
      { class: 'staff-entry from-bot' },
      typeof activity.text === 'string' && activity.text !== '' ? el('p', { class: 'text', text: activity.text }) : null,
      (Array.isArray(activity.attachments) ? activity.attachments : []).map((attachment) => attachmentView(attachment, { submit, unsupported: i18n.t('staff.unsupported') })),
    );
  }

  const systemEntry = (text) => el('li', { class: 'staff-entry from-system' }, el('p', { class: 'text', text }));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    void turn({ text }, text);
  });
  // An Enter that confirms a Japanese IME conversion does not send.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.isComposing || event.keyCode === 229)) event.preventDefault();
  });

  return {
    /** The case line: the open chat, or how to name one. */
    render() {
      const id = openCase();
      byId('staff-case').textContent = id ? i18n.t('staff.caseOpen', { id }) : i18n.t('staff.caseNone');
    },
    /** After a logout: nothing of the last member's work stays on screen. */
    clear() {
      generation += 1;
      fill(log);
      show(byId('staff-log-empty'), true);
      input.value = '';
    },
  };
}
