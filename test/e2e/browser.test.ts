import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromiumOrSkip } from '../helpers/chromium.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';
import { createI18n } from '../../services/i18n/i18n.ts';

const i18n = createI18n();
const ja = i18n.getFixedT('ja');
const en = i18n.getFixedT('en');
const firstLine = (text: string): string => text.split('\n')[0]!;

/** Web Chat 4.18 also injects an empty style element without our nonce; CSP blocks it and the page still renders. */
const KNOWN_CONSOLE_ERROR = /^Applying inline style violates the following Content Security Policy directive 'style-src /;

/** A tab on the Web Chat page, with everything that went wrong in it. */
interface Visit {
  page: Page;
  problems: string[];
  /** Paths of the WebSockets the page opened. */
  sockets: string[];
}

describe('the Web Chat page in Chromium', function () {
  this.timeout(60_000);
  let running: RunningApp | undefined;
  let browser: BrowserContext | undefined;
  let scratchDir: string | undefined;
  const opened: Page[] = [];

  before(async function () {
    ({ browser, scratchDir } = await launchChromiumOrSkip(this, 'certbot-browser-', { viewport: { width: 390, height: 844 }, locale: 'ja-JP' }));
    running = await startTestApp();
  });

  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close();
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  /** Opens the page in a new tab (so a fresh sessionStorage), recording page errors and unexpected console errors. */
  async function visit(query: string): Promise<Visit> {
    const page = await browser!.newPage();
    opened.push(page);
    const problems: string[] = [];
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !KNOWN_CONSOLE_ERROR.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${running!.url}/${query}`);
    return { page, problems, sockets };
  }

  const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
  /**
   * Text as drawn in the transcript's bubbles. Web Chat repeats every activity in a screen-reader live region and an
   * aria-hidden label, so an unscoped getByText finds each message three times.
   */
  const shown = (page: Page, text: string) => page.locator('.webchat__bubble__content').getByText(text);
  /** A card button in the transcript (the live region repeats buttons too, unfocusable). */
  const cardButton = (page: Page, name: string) => page.getByRole('feed').getByRole('button', { name, exact: true });

  async function say(page: Page, text: string): Promise<void> {
    await sendBox(page).fill(text);
    await sendBox(page).press('Enter');
  }

  /** The conversation this tab keeps for a reload (bot/pages/webchat.js). */
  async function savedConversationId(page: Page): Promise<string | undefined> {
    const saved = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('directLine:'));
      return key === undefined ? null : sessionStorage.getItem(key);
    });
    const parsed: unknown = saved === null ? undefined : JSON.parse(saved);
    if (typeof parsed !== 'object' || parsed === null || !('conversationId' in parsed)) return undefined;
    return String(parsed.conversationId);
  }

  /** The families fontconfig says can render Japanese («IPAGothic,IPAゴシック» lists one family under two names). */
  async function japaneseFontFamilies(): Promise<Set<string>> {
    const { stdout } = await promisify(execFile)('fc-list', [':lang=ja', 'family']);
    return new Set(stdout.split(/[\n,]/).map((name) => name.trim()).filter((name) => name !== ''));
  }

  /** The fonts Chromium actually drew a text node with (DevTools' "Rendered Fonts"), by family and glyph count. */
  async function renderedFonts(page: Page, text: string): Promise<Array<{ familyName: string; glyphCount: number }>> {
    const cdp = await browser!.newCDPSession(page);
    try {
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      await cdp.send('DOM.getDocument', { depth: 0 });
      const found = await cdp.send('Runtime.evaluate', {
        expression: `(() => {
          const walker = document.createTreeWalker(document.querySelector('[role=feed]'), NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.data.trim() === ${JSON.stringify(text)}) return node;
          }
          return null;
        })()`,
      });
      const objectId = found.result.objectId;
      if (objectId === undefined) throw new Error(`no text node reads ${text}`);
      const { nodeId } = await cdp.send('DOM.requestNode', { objectId });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map(({ familyName, glyphCount }) => ({ familyName, glyphCount }));
    } finally {
      await cdp.detach();
    }
  }

  context('when a Japanese user opens it (?locale=ja-JP)', () => {
    it('greets in Japanese, answers the menu button, and switches to English when the user types 「English」', async () => {
      const { page, problems } = await visit('?locale=ja-JP');
      await shown(page, firstLine(ja('common:greeting'))).waitFor();
      expect(await page.title()).to.equal(ja('common:pageTitle'));

      await cardButton(page, ja('cards:menu.more')).click();
      await cardButton(page, ja('cards:menu.topics.browsers')).click();
      await shown(page, ja('faq:browsers.askDevice')).first().waitFor();

      await say(page, 'English');
      await shown(page, en('common:languageChanged')).waitFor();
      await shown(page, en('faq:browsers.askDevice')).first().waitFor();
      await cardButton(page, en('faq:browsers.devices.smartphone.title')).waitFor();

      expect(problems).to.deep.equal([]);
    });

    it("draws the card's Japanese with a Japanese font, not boxes", async () => {
      const { page, problems } = await visit('?locale=ja-JP');
      const heading = ja('cards:menu.heading');
      await shown(page, heading).waitFor();

      const fonts = (await renderedFonts(page, heading)).filter((font) => font.glyphCount > 0);
      const japanese = await japaneseFontFamilies();
      expect(fonts, 'rendered fonts').to.not.be.empty;
      for (const { familyName } of fonts) {
        expect(japanese, `Japanese drawn with ${familyName}; fc-list :lang=ja offers`).to.include(familyName);
      }

      const screenshot = path.join(scratchDir!, 'ja.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect((await stat(screenshot)).size).to.be.greaterThan(0);
      expect(problems).to.deep.equal([]);
    });
  });

  context('when an English user opens it (?locale=en-US)', () => {
    it('greets in English with the English menu, over the Direct Line WebSocket', async () => {
      const { page, problems, sockets } = await visit('?locale=en-US');
      await shown(page, firstLine(en('common:greeting'))).waitFor();
      await cardButton(page, en('cards:menu.journeys.login_help')).waitFor();
      // "Other questions" opens its card in place (Action.ShowCard), with the FAQ topics.
      await cardButton(page, en('cards:menu.more')).click();
      await cardButton(page, en('cards:menu.topics.browsers')).waitFor();
      expect(await page.title()).to.equal(en('common:pageTitle'));
      const streams = sockets.filter((socket) => /^\/v3\/directline\/conversations\/[^/]+\/stream$/.test(socket));
      expect(streams, `WebSockets opened: ${sockets.join(', ')}`).to.not.be.empty;
      expect(problems).to.deep.equal([]);
    });
  });

  context('when the page is reloaded', () => {
    it('shows the same conversation and carries on where it was', async () => {
      const { page, problems } = await visit('?locale=en-US');
      await shown(page, firstLine(en('common:greeting'))).waitFor();
      await cardButton(page, en('cards:menu.more')).click();
      await cardButton(page, en('cards:menu.topics.browsers')).click();
      await shown(page, en('faq:browsers.askDevice')).first().waitFor();
      const before = await savedConversationId(page);
      expect(before).to.be.a('string');

      await page.reload();
      await shown(page, en('faq:browsers.askDevice')).first().waitFor();
      expect(await savedConversationId(page)).to.equal(before);

      // Still inside the device question, so a typed answer is taken as its answer.
      await say(page, 'smartphone');
      await shown(page, en('faq:browsers.smartphone')).waitFor();
      expect(await shown(page, firstLine(en('common:greeting'))).count(), 'greetings shown').to.equal(1);
      expect(problems).to.deep.equal([]);
    });
  });
});
