import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { locales, localesDir } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { MailKind } from './mailer.ts';

/** A template split into its subject line and body, both with `{{placeholders}}`. */
export interface MailTemplate {
  subject: string;
  body: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * Reads every `locales/<lang>/mail/<kind>.txt`: the first line is `Subject: …`, an optional blank line
 * follows, and the rest is the body.
 */
export function loadMailTemplates(dir: string = localesDir): Map<string, MailTemplate> {
  const templates = new Map<string, MailTemplate>();
  for (const locale of locales) {
    const folder = path.join(dir, locale, 'mail');
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.txt'))) {
      templates.set(`${locale}/${file.slice(0, -'.txt'.length)}`, parseTemplate(readFileSync(path.join(folder, file), 'utf8'), file));
    }
  }
  return templates;
}

export function parseTemplate(source: string, name: string): MailTemplate {
  const [first = '', ...rest] = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').split('\n');
  const subject = /^Subject: (.+)$/.exec(first)?.[1];
  if (!subject) throw new Error(`mail template ${name}: the first line must be "Subject: …"`);
  if (rest[0] === '') rest.shift();
  return { subject: subject.trim(), body: rest.join('\n') };
}

/** The placeholder names a text uses, sorted and without repeats. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))].sort();
}

let loaded: Map<string, MailTemplate> | undefined;

/**
 * Renders a mail from its template (loaded once per process). A placeholder without a value throws:
 * a mail that says "{{url}}" instead of the link must never reach a user.
 */
export function renderMail(kind: MailKind, locale: Locale, params: Readonly<Record<string, string>>): RenderedMail {
  loaded ??= loadMailTemplates();
  const template = loaded.get(`${locale}/${kind}`);
  if (!template) throw new Error(`no mail template ${locale}/mail/${kind}.txt`);
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`mail template ${locale}/${kind}: no value for {{${name}}}`);
      return value;
    });
  // A subject is one line: a value carrying a line break must not smuggle in a header.
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), text: fill(template.body) };
}

/** `2026/11/22 12:34` in Japan time (Asia/Tokyo has no daylight saving time), as the manuals' mails show it. */
export function formatJst(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 60 * 60 * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${jst.getUTCFullYear()}/${pad(jst.getUTCMonth() + 1)}/${pad(jst.getUTCDate())}`;
  return `${day} ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
}
