// The console's only way to the server: the documented agent API (DESIGN.md, Stable interfaces). Anything the page
// does, a script can do with the same calls.

/** A non-2xx answer: `status` and the API's `{error}` code when it sent one. */
export class ApiError extends Error {
  constructor(status, code) {
    super(`agent API answered ${status}${code ? ` (${code})` : ''}`);
    this.status = status;
    this.code = code;
  }
}

/**
 * The API client. Mutating calls carry the session's CSRF token (from login or /me) in `X-CSRF-Token`.
 * `onUnauthorized` runs when a call other than login answers 401 (session expired or logged out elsewhere).
 */
export function createApi({ onUnauthorized }) {
  let csrfToken = '';
  let clockOffsetMs = 0;

  async function request(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/agent/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    // The server's clock decides whether "user is typing" is still fresh; the Date header gives it to the second.
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(serverDate)) clockOffsetMs = serverDate - Date.now();
    const text = response.status === 204 ? '' : await response.text();
    let payload = null;
    try {
      payload = text === '' ? null : JSON.parse(text);
    } catch {
      payload = null;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, payload && typeof payload.error === 'string' ? payload.error : undefined);
      if (response.status === 401 && path !== '/login') onUnauthorized(error);
      throw error;
    }
    return payload;
  }

  const conversation = (id) => `/conversations/${encodeURIComponent(id)}`;
  const remember = (session) => {
    if (session && typeof session.csrfToken === 'string') csrfToken = session.csrfToken;
    return session;
  };

  return {
    serverNow: () => Date.now() + clockOffsetMs,
    login: async (id, password) => remember(await request('POST', '/login', { id, password })),
    logout: async () => {
      await request('POST', '/logout');
      csrfToken = '';
    },
    me: async () => remember(await request('GET', '/me')),
    setPresence: (presence) => request('PUT', '/presence', { presence }),
    conversations: () => request('GET', '/conversations'),
    conversation: (id) => request('GET', conversation(id)),
    accept: (id) => request('POST', `${conversation(id)}/accept`),
    send: (id, text) => request('POST', `${conversation(id)}/messages`, { text }),
    typing: (id) => request('POST', `${conversation(id)}/typing`),
    addNote: (id, text) => request('POST', `${conversation(id)}/notes`, { text }),
    transfer: (id, agentId) => request('POST', `${conversation(id)}/transfer`, { agentId }),
    returnToBot: (id) => request('POST', `${conversation(id)}/return`),
    agents: () => request('GET', '/agents'),
    /** One turn of the staff box (bot/staff/README.md): `{text}` or a card button's `{value}`, with the open case. */
    staffTurn: (body) => request('POST', '/staff/turn', body),
    /** The audit log (supervisors): `{account, tenant}` or `{staff}`. */
    audit: (query) => request('GET', `/audit?${auditQuery(query)}`),
    /** The same query as a CSV download (a plain link: the session cookie goes with it). */
    auditCsvUrl: (query) => `/agent/api/audit?${auditQuery({ ...query, format: 'csv' })}`,
  };
}

function auditQuery(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (typeof value === 'string' && value !== '') params.set(name, value);
  return params.toString();
}
