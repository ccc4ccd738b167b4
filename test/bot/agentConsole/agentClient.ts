/** A script's view of the agent API (what the console page does), with the session cookie and CSRF token kept. */
export class AgentClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  setCookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async login(id: string, password: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/agent/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password }),
    });
    this.setCookie = response.headers.get('set-cookie') ?? undefined;
    if (response.status === 200) {
      this.cookie = this.setCookie!.split(';')[0];
      this.csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return response;
  }

  async get<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}/agent/api${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: response.status, body: (await response.json()) as T };
  }

  async send(method: 'POST' | 'PUT', path: string, body: unknown = {}, options: { csrf?: boolean } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}/agent/api${path}`, { method, headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async post(path: string, body: unknown = {}, options: { csrf?: boolean } = {}) {
    return await this.send('POST', path, body, options);
  }
}
