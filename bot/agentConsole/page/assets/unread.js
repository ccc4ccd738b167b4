// Unread counts of my chats: user messages newer than what I last saw of that chat. Kept per tab in
// sessionStorage, so a reload does not mark everything unread again and a closed tab forgets it.

const STORAGE_KEY = 'agentConsole.seen';

export function createUnread() {
  const seen = load();

  const userEntries = (detail) => (Array.isArray(detail?.transcript) ? detail.transcript.filter((entry) => entry.from === 'user') : []);

  return {
    /**
     * User messages after the last one I saw; for a chat I never opened (just transferred to me), those after
     * the last answer from anyone else: what is waiting for a reply.
     */
    count(id, detail) {
      if (!detail) return 0;
      const transcript = Array.isArray(detail.transcript) ? detail.transcript : [];
      const lastSeen = seen[id];
      if (lastSeen !== undefined) return userEntries(detail).filter((entry) => Date.parse(entry.at) > lastSeen).length;
      const lastAnswer = transcript.findLastIndex((entry) => entry.from !== 'user');
      return transcript.slice(lastAnswer + 1).length;
    },
    /** Everything in the open chat counts as read. */
    markRead(id, detail) {
      if (!detail) return;
      const latest = Math.max(0, ...userEntries(detail).map((entry) => Date.parse(entry.at)).filter(Number.isFinite));
      if ((seen[id] ?? -1) >= latest) return;
      seen[id] = latest;
      save(seen);
    },
  };
}

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch {
    return {};
  }
}

function save(seen) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(seen));
  } catch {
    // Storage full or disabled: counts last until a reload.
  }
}
