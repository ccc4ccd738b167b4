import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { isOutboxFile, listOutbox, readOutboxMail } from '../services/mail/outboxFolderMailer.ts';
import { isLocalRequest } from './directLine/isLoopback.ts';

/** What the page needs from the host: the outbox folder and its (already localized) title. */
export interface DevMailboxOptions {
  outboxDir: string;
  pageTitle: string;
  /** How many mails the list shows, newest first (default 100). */
  limit?: number;
}

/**
 * The local mailbox (local mode only): `GET /dev/mailbox` lists the mails the outbox folder received, newest first;
 * `GET /dev/mailbox/:file` shows one, its URLs clickable so a person trying the bot can follow the one-time link.
 * Every header and line comes from the mail and is HTML-escaped; column headers are the mail's own header names.
 * The mails hold live one-time links and keys, so only a browser on this machine (no proxy between) may read them.
 */
export function registerDevMailbox(server: Server, options: DevMailboxOptions): void {
  server.get('/dev/mailbox', async (req: Request, res: Response) => {
    if (!isLocalRequest(req)) return void send(res, 404, options.pageTitle, '');
    const mails = await listOutbox(options.outboxDir, options.limit ?? 100);
    const rows = mails.map(
      (mail) =>
        `<tr><td>${escapeHtml(dateText(mail.date))}</td><td>${escapeHtml(mail.to)}</td>` +
        `<td><a href="/dev/mailbox/${encodeURIComponent(mail.file)}">${escapeHtml(mail.subject || mail.file)}</a></td></tr>`,
    );
    const body =
      `<h1>${escapeHtml(options.pageTitle)}</h1>` +
      `<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    send(res, 200, options.pageTitle, body);
  });

  server.get('/dev/mailbox/:file', async (req: Request, res: Response) => {
    if (!isLocalRequest(req)) return void send(res, 404, options.pageTitle, '');
    const file = String((req.params as Record<string, unknown>).file ?? '');
    if (!isOutboxFile(file)) return void send(res, 400, options.pageTitle, '');
    const mail = await readOutboxMail(options.outboxDir, file);
    if (!mail) return void send(res, 404, options.pageTitle, '');
    const headers = [
      ['Date', dateText(mail.date)],
      ['To', mail.to],
      ['Subject', mail.subject],
    ].map(([name, value]) => `<tr><th>${name}</th><td>${escapeHtml(value ?? '')}</td></tr>`);
    const body =
      `<p><a href="/dev/mailbox">${escapeHtml(options.pageTitle)}</a></p>` +
      `<table>${headers.join('')}</table><pre>${linkify(mail.text)}</pre>`;
    send(res, 200, `${mail.subject} - ${options.pageTitle}`, body);
  });
}

/** http(s) URLs only (never `javascript:`), up to the first character a URL cannot hold (Japanese text included). */
const URL_IN_TEXT = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

/** The text HTML-escaped, with each URL an `<a>`; escaping happens per piece, so nothing in the mail becomes markup. */
function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?')\]]+$/, ''); // a sentence's full stop is not part of the link
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function send(res: Response, status: number, title: string, body: string): void {
  const nonce = randomBytes(16).toString('base64');
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body>${body}</body></html>`;
  const buffer = Buffer.from(html);
  res.sendRaw(status, buffer, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(buffer.length),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5}table{border-collapse:collapse}' +
  'th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}' +
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit}';

const dateText = (date: Date | undefined): string => date?.toISOString() ?? '';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
