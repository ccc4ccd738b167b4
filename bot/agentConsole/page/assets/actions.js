// What the agent does: log in and out, presence, accept, send (with typing signals), notes, transfer, return.
// Each call goes to the agent API; the next poll (started at once) shows the outcome.
import { ApiError } from './api.js';
import { byId } from './dom.js';

/** Typing signals at most this often while the agent types (the user's indicator lasts longer than this). */
const TYPING_EVERY_MS = 3000;

export function bindActions({ api, state, i18n, poll, render, notify, notifyError, startConsole, showLogin }) {
  const drafts = new Map();
  let lastTypingAt = 0;

  /** Runs an action with its button disabled, so a double click never sends twice. */
  async function run(button, action) {
    if (button.disabled) return;
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      notifyError(error);
    } finally {
      button.disabled = false;
      void poll();
    }
  }

  byId('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = byId('login-id').value.trim();
    const password = byId('login-password').value;
    const error = byId('login-error');
    const button = byId('login-submit');
    button.disabled = true;
    try {
      await api.login(id, password);
      byId('login-password').value = '';
      error.hidden = true;
      startConsole(await api.me());
    } catch (failure) {
      error.textContent = i18n.t(failure instanceof ApiError && failure.status === 401 ? 'login.failed' : 'errors.network');
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });

  byId('logout').addEventListener('click', async () => {
    try {
      await api.logout();
    } catch {
      // Already gone on the server: the page forgets the session either way.
    }
    showLogin();
  });

  byId('presence').addEventListener('change', async (event) => {
    const select = event.currentTarget;
    try {
      const { presence } = await api.setPresence(select.value);
      state.me.presence = presence;
      select.value = presence;
      render();
      void poll();
    } catch (error) {
      select.value = state.me?.presence ?? 'offline';
      notifyError(error);
    }
  });

  byId('accept').addEventListener('click', () =>
    run(byId('accept'), async () => {
      try {
        await api.accept(state.selectedId);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return notify('errors.codes.taken');
        throw error;
      }
    }),
  );

  byId('transfer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const select = byId('transfer-agent');
    const agent = state.agents.find((each) => each.id === select.value);
    if (!agent) return;
    void run(byId('transfer'), async () => {
      await api.transfer(state.selectedId, agent.id);
      notify('notices.transferred', { name: agent.name });
      close();
    });
  });

  const confirmReturn = (asking) => {
    state.confirmingReturn = asking;
    render();
    byId(asking ? 'return-no' : 'return').focus();
  };
  byId('return').addEventListener('click', () => confirmReturn(true));
  byId('return-no').addEventListener('click', () => confirmReturn(false));
  byId('return-yes').addEventListener('click', () =>
    run(byId('return-yes'), async () => {
      await api.returnToBot(state.selectedId);
      state.confirmingReturn = false;
      close();
      notify('notices.returned');
    }),
  );

  const message = byId('message');
  /** The chat left this agent: its view and draft go. */
  const close = () => {
    drafts.delete(state.selectedId);
    state.selectedId = null;
    message.value = '';
  };
  const composer = byId('composer');
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = state.selectedId;
    const text = message.value.trim();
    if (!id || text === '') return;
    void run(byId('send'), async () => {
      await api.send(id, text);
      drafts.delete(id);
      if (state.selectedId === id) message.value = '';
    });
  });
  // Enter sends and Shift+Enter breaks the line; an Enter that confirms a Japanese IME conversion does neither.
  message.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    composer.requestSubmit();
  });
  message.addEventListener('input', () => {
    const id = state.selectedId;
    if (!id) return;
    drafts.set(id, message.value);
    const now = Date.now();
    if (message.value.trim() === '' || now - lastTypingAt < TYPING_EVERY_MS) return;
    lastTypingAt = now;
    api.typing(id).catch(() => undefined);
  });

  byId('note-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const note = byId('note');
    const id = state.selectedId;
    const text = note.value.trim();
    if (!id || text === '') return;
    void run(byId('add-note'), async () => {
      await api.addNote(id, text);
      note.value = '';
      notify('notices.noteAdded');
    });
  });

  /** Each chat keeps its own unsent text while the agent switches between chats. */
  return {
    switchDraft(id) {
      message.value = drafts.get(id) ?? '';
      lastTypingAt = 0;
    },
  };
}
