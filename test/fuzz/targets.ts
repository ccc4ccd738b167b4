import { LINK_PATHS } from '../../bot/accountPages/linkPageParts.ts';
import { anyValue, deepJson, malformedJson, nastyString } from './inputs.ts';
import type { Random } from './random.ts';

/** One HTTP request the fuzzer sends. `body` is sent as it is (already serialised). */
export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the targets need from a running server: the reply sink and a Direct Line session made at the start. */
export interface FuzzContext {
  sinkUrl: string;
  directLine: { token: string; conversationId: string };
  /** A second session's token, for starting conversations (which binds a token to the new one). */
  spareDirectLineToken: string;
  /** A logged-in agent's session cookie and CSRF token, and a conversation id the console knows (if any). */
  agent: { cookie: string; csrfToken: string; conversationId: string | undefined };
}

export interface Target {
  name: string;
  make(random: Random, context: FuzzContext): FuzzRequest;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A JSON body that is usually wrong: malformed, not an object, deeply nested, over the size limit, or fine. */
function body(random: Random, valid: () => unknown): { headers: Record<string, string>; body: string } {
  switch (random.int(0, 9)) {
    case 0:
      return { headers: JSON_TYPE, body: malformedJson(random) };
    case 1:
      return { headers: JSON_TYPE, body: JSON.stringify(anyValue(random)) };
    case 2:
      return { headers: JSON_TYPE, body: deepJson(random, random.pick([100, 5_000, 100_000])) };
    case 3:
      return { headers: JSON_TYPE, body: JSON.stringify({ filler: 'x'.repeat(300 * 1024) }) };
    case 4:
      return { headers: { 'content-type': random.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) }, body: nastyString(random) };
    default:
      return { headers: JSON_TYPE, body: JSON.stringify(valid()) };
  }
}

/** A valid message activity with one to three fields replaced by anything. */
function mutatedActivity(random: Random, serviceUrl: string): Record<string, unknown> {
  const conversation = `fuzz-${random.int(1, 50)}`;
  const activity: Record<string, unknown> = {
    type: 'message',
    id: `a-${random.int(0, 1e9)}`,
    channelId: random.pick(['test', 'webchat', 'directline', 'msteams']),
    serviceUrl,
    conversation: { id: conversation },
    from: { id: `user-${conversation}`, role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    locale: random.pick(['ja-JP', 'en-US', 'en', 'xx', '']),
    text: nastyString(random),
    ...(random.chance(0.3) ? { channelData: { tenant: random.pick(['example-u', 'no-such-u', nastyString(random)]) } } : {}),
  };
  const fields = ['type', 'id', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient', 'locale', 'text', 'value', 'channelData', 'membersAdded', 'attachments', 'entities', 'name', 'timestamp'];
  for (let index = random.int(0, 3); index > 0; index -= 1) activity[random.pick(fields)] = anyValue(random);
  if (random.chance(0.1)) activity.serviceUrl = random.pick(['https://attacker.test/', 'file:///etc/passwd', 'http://127.0.0.1:1/', 'javascript:alert(1)']);
  return activity;
}

/** Percent-encodes text for a URL; a lone surrogate (which cannot be encoded) becomes U+FFFD. */
const uri = (text: string): string => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const targets: Target[] = [
  {
    name: 'POST /api/messages',
    make: (random, { sinkUrl }) => ({ method: 'POST', path: '/api/messages', ...body(random, () => mutatedActivity(random, sinkUrl)) }),
  },
  {
    name: 'POST /directline/session',
    make: (random) => ({ method: 'POST', path: '/directline/session', ...body(random, () => ({ tenant: nastyString(random).slice(0, 70), locale: anyValue(random, 1) })) }),
  },
  {
    name: 'POST /v3/directline/conversations',
    make: (random, { spareDirectLineToken }) => ({
      method: 'POST',
      path: '/v3/directline/conversations',
      headers: random.chance(0.5) ? bearer(spareDirectLineToken) : bearer(nastyString(random).replace(/[^\x21-\x7e]/g, '') || 'x'),
    }),
  },
  {
    name: 'POST /v3/directline/conversations/:id/activities',
    make: (random, { directLine }) => {
      const id = random.chance(0.8) ? directLine.conversationId : uri(nastyString(random).slice(0, 40) || 'x');
      const request = body(random, () => {
        const activity: Record<string, unknown> = { type: 'message', from: { id: 'someone-else', role: random.pick(['user', 'bot']) }, text: nastyString(random), locale: 'ja-JP' };
        if (random.chance(0.5)) activity[random.pick(['from', 'value', 'channelData', 'conversation', 'type', 'attachments'])] = anyValue(random);
        return activity;
      });
      return { method: 'POST', path: `/v3/directline/conversations/${id}/activities`, ...request, headers: { ...request.headers, ...bearer(directLine.token) } };
    },
  },
  {
    name: 'GET /v3/directline/conversations/:id/activities',
    make: (random, { directLine }) => ({
      method: 'GET',
      path: `/v3/directline/conversations/${directLine.conversationId}/activities?watermark=${uri(String(anyValue(random, 0)))}`,
      headers: random.chance(0.7) ? bearer(directLine.token) : {},
    }),
  },
  {
    name: 'POST /v3/directline/tokens/refresh',
    make: (random, { directLine }) => ({
      method: 'POST',
      path: '/v3/directline/tokens/refresh',
      headers: bearer(random.chance(0.3) ? directLine.token : `${directLine.token.slice(0, -4)}${nastyString(random).replace(/[^\x21-\x7e]/g, '').slice(0, 4)}`),
    }),
  },
  {
    name: 'account pages (one-time links)',
    make: (random) => {
      const path = random.pick(Object.values(LINK_PATHS));
      const query = `t=${uri(nastyString(random).slice(0, 200))}&lang=${uri(String(anyValue(random, 0)))}`;
      if (random.chance(0.4)) return { method: 'GET', path: `${path}?${query}`, headers: {} };
      return { method: 'POST', path: `${path}${random.chance(0.5) ? '' : `?${query}`}`, ...form(random, ['t', 'csrf', 'secondPassword', 'confirm', 'password', 'lang', 'tenant']) };
    },
  },
  {
    name: 'POST /agent/api/login',
    make: (random) => ({ method: 'POST', path: '/agent/api/login', ...body(random, () => ({ id: random.pick(['agent01', 'super01', anyValue(random, 1)]), password: anyValue(random, 1) })) }),
  },
  { name: 'agent API (logged in)', make: agentCall },
  {
    name: 'demo portal pages',
    make: (random) => {
      const path = random.pick(['/portal/login', '/portal/email', '/portal/second-password', '/portal/key', '/portal/key/reissue', '/portal/authenticated']);
      if (random.chance(0.3)) return { method: 'GET', path: `${path}?lang=${uri(nastyString(random).slice(0, 50))}`, headers: {} };
      return { method: 'POST', path, ...form(random, ['loginId', 'password', 'email', 'csrf', 'key', 'tenant', 'lang']) };
    },
  },
];

const agentActions = ['accept', 'messages', 'typing', 'notes', 'transfer', 'return'] as const;

/** Agent API calls with the session: random conversation ids and bodies, the CSRF header right, wrong or missing. */
function agentCall(random: Random, { agent }: FuzzContext): FuzzRequest {
  const csrf = random.pick([agent.csrfToken, agent.csrfToken, '', nastyString(random).replace(/[^\x21-\x7e]/g, '').slice(0, 40)]);
  const headers: Record<string, string> = { cookie: agent.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) };
  const id = agent.conversationId && random.chance(0.5) ? agent.conversationId : uri(nastyString(random).slice(0, 60) || 'x');
  switch (random.int(0, 3)) {
    case 0:
      return { method: 'PUT', path: '/agent/api/presence', ...withHeaders(body(random, () => ({ presence: random.pick(['online', 'away', 'offline', anyValue(random, 1)]) })), headers) };
    case 1:
      return { method: 'GET', path: `/agent/api/conversations/${id}`, headers };
    default:
      return {
        method: 'POST',
        path: `/agent/api/conversations/${id}/${random.pick(agentActions)}`,
        ...withHeaders(body(random, () => ({ text: nastyString(random), agentId: random.pick(['agent01', 'super01', anyValue(random, 1)]) })), headers),
      };
  }
}

const withHeaders = (request: { headers: Record<string, string>; body: string }, headers: Record<string, string>) => ({ ...request, headers: { ...request.headers, ...headers } });

/** A form post, urlencoded as browsers send it, or a JSON or malformed body where a form was expected. */
function form(random: Random, names: readonly string[]): { headers: Record<string, string>; body: string } {
  if (random.chance(0.2)) return body(random, () => anyValue(random));
  const fields = new URLSearchParams();
  for (const name of names) if (random.chance(0.7)) fields.append(random.chance(0.9) ? name : `${name}[$ne]`, nastyString(random).slice(0, 500));
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() };
}
