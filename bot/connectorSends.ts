import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, ResourceResponse } from 'botbuilder';
import { ConversationConstants } from 'botframework-connector';
import type { ConnectorClient } from 'botframework-connector';

/** What the Bot Connector client signs a request with (AppCredentials and its kin): it sets the Authorization header. */
interface RequestSigner {
  signRequest(webResource: { url: string; method: string; headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

export interface DirectSendOptions {
  /** Attempts after the first for a refused connection, a reset, a timeout, 408, 429 or a 5xx (but 501, 505). */
  retries?: number;
  /** The first wait before a retry (doubled each time, unless the answer says how long in Retry-After). */
  retryDelayMs?: number;
  /** A request that has not been answered by then is abandoned (and retried). */
  timeoutMs?: number;
}

/** A failed send: the Bot Connector's status (0: no answer) and the start of its answer. */
export class ConnectorSendError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorSendError';
  }
}

const RETRY_AFTER_CAP_MS = 30_000;
const RETRIED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * The Bot Connector client with its two send operations — the ones every turn makes — posted straight over a
 * keep-alive connection: the same request (`POST {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`, the
 * activity as JSON, Authorization from the client's own credentials, so tokens are fetched and cached exactly as
 * before), the same retries on throttling and failures, without the generic HTTP pipeline and model serializer, which
 * took about a sixth of a turn's CPU (issue 9: measured with `node --cpu-prof`). Every other operation, and a send with
 * the older callback or options arguments, goes to the client itself.
 */
export function withDirectSends(client: ConnectorClient, serviceUrl: string, options: DirectSendOptions = {}): ConnectorClient {
  const base = serviceUrl.replace(/\/+$/, '');
  const { conversations } = client;
  if (!/^https?:\/\//i.test(base) || base.includes('?')) return client;
  const post = poster(client.credentials as unknown as RequestSigner, base, options);
  const activitiesOf = (conversationId: string): string => `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  const direct = Object.create(conversations, {
    sendToConversation: {
      value: (conversationId: string, activity: Partial<Activity>, ...rest: unknown[]) =>
        rest.length > 0 ? conversations.sendToConversation(conversationId, activity as Activity, ...(rest as [never])) : post(activitiesOf(conversationId), activity),
    },
    replyToActivity: {
      value: (conversationId: string, activityId: string, activity: Partial<Activity>, ...rest: unknown[]) =>
        rest.length > 0
          ? conversations.replyToActivity(conversationId, activityId, activity as Activity, ...(rest as [never]))
          : post(`${activitiesOf(conversationId)}/${encodeURIComponent(activityId)}`, activity, conversationHeader(conversationId)),
    },
  }) as ConnectorClient['conversations'];
  return Object.create(client, { conversations: { value: direct } }) as ConnectorClient;
}

/** A reply names its conversation in a header too, as the SDK's reply does (where the id is a valid header value). */
function conversationHeader(conversationId: string): Record<string, string> {
  return /^[\x20-\x7e]*$/.test(conversationId) ? { [ConversationConstants.ConversationIdHttpHeaderName]: conversationId } : {};
}

type Post = (path: string, activity: Partial<Activity>, extraHeaders?: Record<string, string>) => Promise<ResourceResponse>;

function poster(signer: RequestSigner, base: string, options: DirectSendOptions): Post {
  const { retries = 3, retryDelayMs = 1000, timeoutMs = 30_000 } = options;
  const secure = base.toLowerCase().startsWith('https:');
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;

  const once = async (url: string, body: string, extraHeaders: Record<string, string>): Promise<{ status: number; text: string; retryAfter?: string }> => {
    const headers: Record<string, string> = {
      ...extraHeaders,
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    await signer.signRequest({ url, method: 'POST', headers: { set: (name, value) => void (headers[name.toLowerCase()] = value) } });
    return await new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', headers, agent, timeout: timeoutMs }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ...(retryAfter ? { retryAfter } : {}) });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from the Bot Connector in ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  };

  return async (path, activity, extraHeaders = {}) => {
    const url = `${base}${path}`;
    const body = JSON.stringify(activity);
    for (let attempt = 0; ; attempt++) {
      let waitMs = retryDelayMs * 2 ** attempt;
      try {
        const { status, text, retryAfter } = await once(url, body, extraHeaders);
        if (status >= 200 && status < 300) return parsed(text);
        if (attempt >= retries || !retriedStatus(status)) throw new ConnectorSendError(status, `the Bot Connector answered ${status}: ${text.slice(0, 200)}`);
        if (retryAfter) waitMs = retryAfterMs(retryAfter) ?? waitMs;
      } catch (error) {
        if (error instanceof ConnectorSendError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (attempt >= retries || !RETRIED_CODES.has(code)) throw new ConnectorSendError(0, `sending to the Bot Connector failed: ${(error as Error).message}`);
      }
      await sleep(waitMs);
    }
  };
}

function retriedStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when it is neither. */
function retryAfterMs(value: string): number | undefined {
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), RETRY_AFTER_CAP_MS) : undefined;
}

/** The answer's `{ id }` (an empty or non-JSON answer is a send without an id, as the client treats it). */
function parsed(text: string): ResourceResponse {
  if (!text) return {} as ResourceResponse;
  try {
    const body = JSON.parse(text) as { id?: unknown };
    return (typeof body?.id === 'string' ? { id: body.id } : {}) as ResourceResponse;
  } catch {
    return {} as ResourceResponse;
  }
}
