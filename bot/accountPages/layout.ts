import type { TFunction } from 'i18next';
import { otherLocale } from './pageLocale.ts';
import type { Page } from './pageRoute.ts';
import { SafeHtml, html } from './html.ts';
import { PASSWORD_CHECK_SCRIPT } from './securityHeaders.ts';

/**
 * The page around a handler's body: the university's name and the service's (as the manual's screens head
 * them), the language link, the title. The style carries the nonce; the only script is external.
 */
export function renderDocument(page: Page, t: TFunction, nonce: string): string {
  const other = otherLocale(page.locale);
  const university = page.tenant?.name[page.locale];
  const script = page.script ? html`<script src="${PASSWORD_CHECK_SCRIPT}" nonce="${nonce}" defer></script>` : '';
  const switcher = page.switchTo
    ? html`<a class="lang" href="${page.switchTo}" hreflang="${other}" lang="${other}">${t('switchLanguage')}</a>`
    : '';
  return html`<!doctype html>
<html lang="${page.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${page.title} - ${university ?? t('serviceName')}</title>
<style nonce="${nonce}">${STYLE}</style>${script}</head>
<body><header><span class="org">${university} ${t('serviceName')}</span>${switcher}</header>
<main><h1>${page.title}</h1>${page.body}</main></body></html>`.value;
}

// A constant of this file, not user input: inserted as is.
const STYLE = new SafeHtml(
  'body{font-family:system-ui,sans-serif;margin:0;line-height:1.6;color:#222}' +
  'header{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 1rem;background:#0b4f8a;color:#fff}' +
  'header a{color:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem}' +
  'label{display:block;margin-top:.75rem;font-weight:600}input[type=text],input[type=password]' +
  '{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}' +
  'button,.button{display:inline-block;margin-top:1rem;padding:.5rem 1.5rem;font-size:1rem}' +
  '.alert{border-left:4px solid #c00;background:#fff0f0;padding:.5rem 1rem}.info{border-left:4px solid #0b4f8a;background:#f0f6ff;padding:.5rem 1rem}' +
  '.problems{color:#b00}.rules li.met{color:#070}.rules li.met::before{content:"\\2713  "}' +
  '.note{font-size:.9rem;color:#555}.hint{font-size:.85rem;color:#555;margin:0}',
);
