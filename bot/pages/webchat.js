// The Web Chat page's only script: get a token from the local Direct Line, start or resume the conversation,
// and render the official Web Chat. Every visible word comes from the server (title) or Web Chat itself.
(async () => {
  'use strict';

  const config = JSON.parse(document.getElementById('webchat-config').textContent);
  const directLineDomain = `${location.origin}/v3/directline`;
  // One conversation per tab and tenant; sessionStorage dies with the tab, so a shared computer forgets it.
  const storageKey = `directLine:${config.tenant}`;
  // DirectLineJS refreshes its own token every 15 minutes; the copy kept for a reload is refreshed alike.
  const refreshEveryMs = 15 * 60 * 1000;

  async function postJson(url, token, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return await response.json();
  }

  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
      return saved && typeof saved.token === 'string' && typeof saved.conversationId === 'string' ? saved : null;
    } catch {
      return null;
    }
  }

  function save(conversation) {
    sessionStorage.setItem(storageKey, JSON.stringify(conversation));
  }

  // A reload within the token's lifetime resumes the conversation: Direct Line replays its transcript.
  async function resume() {
    const saved = load();
    if (!saved) return null;
    try {
      const { token } = await postJson(`${directLineDomain}/tokens/refresh`, saved.token);
      return { token, conversationId: saved.conversationId };
    } catch {
      sessionStorage.removeItem(storageKey);
      return null;
    }
  }

  async function start() {
    const session = await postJson(`${location.origin}/directline/session`, null, {
      tenant: config.tenant,
      locale: config.locale,
    });
    const { conversationId, token } = await postJson(`${directLineDomain}/conversations`, session.token, {
      locale: config.locale,
    });
    return { token, conversationId };
  }

  const conversation = (await resume()) ?? (await start());
  save(conversation);
  setInterval(async () => {
    const saved = load();
    if (!saved) return;
    try {
      const { token } = await postJson(`${directLineDomain}/tokens/refresh`, saved.token);
      save({ ...saved, token });
    } catch {
      // Expired or gone: the next reload starts a new conversation.
    }
  }, refreshEveryMs);

  // Given a conversation id, DirectLineJS reconnects (GET /conversations/:id) and keeps its token fresh itself.
  const directLine = window.WebChat.createDirectLine({
    token: conversation.token,
    conversationId: conversation.conversationId,
    domain: directLineDomain,
    webSocket: true,
  });

  window.WebChat.renderWebChat(
    {
      directLine,
      locale: config.locale,
      nonce: config.nonce,
      // Agents who have taken over the chat see when the user is typing.
      sendTypingIndicator: true,
      // The local Direct Line has no attachment upload.
      styleOptions: { hideUploadButton: true },
    },
    document.getElementById('webchat'),
  );
})().catch((error) => {
  console.error('Web Chat could not start', error);
});
