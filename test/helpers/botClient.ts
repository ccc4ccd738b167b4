import { randomUUID } from 'node:crypto';

/** Posts activities to a bot's /api/messages as a channel would, with `serviceUrl` pointing at a ReplySink. */
export class BotClient {
  readonly conversationId = `conv-${randomUUID()}`;
  /** Activity ids are unique per client, also when a second client resumes the first one's conversation. */
  private readonly idPrefix = randomUUID().slice(0, 8);
  private sequence = 0;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    private readonly defaults: { locale?: string; tenant?: string; userId?: string } = {},
  ) {}

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    this.sequence += 1;
    return {
      type: 'message',
      id: `${this.idPrefix}-${this.sequence}`,
      channelId: 'test',
      serviceUrl: this.serviceUrl,
      conversation: { id: this.conversationId },
      from: { id: this.defaults.userId ?? 'user-1', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      locale: this.defaults.locale ?? 'ja-JP',
      timestamp: new Date().toISOString(),
      ...(this.defaults.tenant ? { channelData: { tenant: this.defaults.tenant } } : {}),
      ...fields,
    };
  }

  async send(fields: Record<string, unknown>): Promise<Response> {
    return await postJson(`${this.botUrl}/api/messages`, this.activity(fields));
  }

  async say(text: string): Promise<Response> {
    return await this.send({ text });
  }

  async press(value: Record<string, unknown>): Promise<Response> {
    return await this.send({ value });
  }

  async join(): Promise<Response> {
    return await this.send({ type: 'conversationUpdate', membersAdded: [{ id: this.defaults.userId ?? 'user-1' }] });
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
