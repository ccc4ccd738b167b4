import { expect } from 'chai';
import { BotClient, postJson } from '../helpers/botClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';
import { createI18n } from '../../services/i18n/i18n.ts';
import { MAX_MESSAGE_LENGTH } from '../../bot/supportBot.ts';

const i18n = createI18n();
const ja = i18n.getFixedT('ja');
const en = i18n.getFixedT('en');
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

describe('the server over HTTP (local mode)', () => {
  let running: RunningApp;
  const sink = new ReplySink();
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await sink.start();
    running = await startTestApp();
  });
  after(async () => {
    await running.stop();
    await sink.stop();
  });

  const client = (defaults: { locale?: string; tenant?: string } = {}) => new BotClient(running.url, serviceUrl, defaults);

  describe('GET /healthz and /readyz', () => {
    it('answers 200 when the bot accepts turns and the store is reachable', async () => {
      expect((await fetch(`${running.url}/healthz`)).status).to.equal(200);
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.include({ store: 'ok' });
    });
  });

  describe('POST /api/messages', () => {
    context('when a Japanese user says こんにちは', () => {
      it('replies with the Japanese greeting and the menu card', async () => {
        const user = client({ locale: 'ja-JP' });
        expect((await user.say('こんにちは')).status).to.equal(200);
        const [reply] = await sink.waitFor(user.conversationId, 1);
        expect(reply!.text).to.equal(ja('common:greeting'));
        expect(reply!.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
        expect(JSON.stringify(reply!.attachments?.[0]?.content)).to.include(ja('cards:menu.topics.browsers'));
      });
    });

    context('when an English user says hello', () => {
      it('replies in English with the menu card', async () => {
        const user = client({ locale: 'en-US' });
        await user.say('hello');
        const [reply] = await sink.waitFor(user.conversationId, 1);
        expect(reply!.text).to.equal(en('common:greeting'));
        expect(JSON.stringify(reply!.attachments?.[0]?.content)).to.include(en('cards:menu.topics.browsers'));
      });
    });

    context('when a member joins the conversation', () => {
      it('sends the greeting and the menu before the user types', async () => {
        const user = client({ locale: 'en-US' });
        await user.join();
        const [reply] = await sink.waitFor(user.conversationId, 1);
        expect(reply!.text).to.equal(en('common:greeting'));
      });
    });

    context('when the channel names a tenant that does not exist', () => {
      it('says so plainly and does not crash', async () => {
        const user = client({ locale: 'en-US', tenant: 'no-such-u' });
        expect((await user.say('hello')).status).to.equal(200);
        const [reply] = await sink.waitFor(user.conversationId, 1);
        expect(reply!.text).to.equal(en('common:unknownTenant', { tenant: 'no-such-u' }));
      });
    });
  });

  describe('bad input at the door', () => {
    const post = (body: string) => postJson(`${running.url}/api/messages`, body);

    it('refuses invalid JSON with 400', async () => {
      expect((await post('{"type": "message",')).status).to.equal(400);
    });

    it('refuses a JSON array with 400', async () => {
      expect((await post(JSON.stringify([client().activity({ text: 'hi' })]))).status).to.equal(400);
    });

    it('refuses an activity without a type with 400 naming the field', async () => {
      const { type: _type, ...activity } = client().activity({ text: 'hi' });
      const response = await post(JSON.stringify(activity));
      expect(response.status).to.equal(400);
      expect(JSON.stringify(await response.json())).to.include('type');
    });

    it('refuses a body over 256 KB with 413', async () => {
      const response = await post(JSON.stringify(client().activity({ text: 'あ'.repeat(100_000) })));
      expect(response.status).to.equal(413);
    });

    it('refuses a serviceUrl off this machine in local mode', async () => {
      const response = await post(JSON.stringify(client().activity({ text: 'hi', serviceUrl: 'http://198.51.100.7/' })));
      expect(response.status).to.equal(400);
    });

    it('accepts an unknown activity type with 200 and no reply', async () => {
      const user = client();
      expect((await user.send({ type: 'somethingNew', text: undefined })).status).to.equal(200);
      await user.say('こんにちは');
      const replies = await sink.waitFor(user.conversationId, 1);
      expect(replies).to.have.length(1);
      expect(replies[0]!.text).to.equal(ja('common:greeting'));
    });

    it(`asks to shorten a 10,000-character message (limit ${MAX_MESSAGE_LENGTH})`, async () => {
      const user = client({ locale: 'en-US' });
      expect((await user.say('a'.repeat(10_000))).status).to.equal(200);
      const [reply] = await sink.waitFor(user.conversationId, 1);
      expect(reply!.text).to.equal(en('common:tooLong', { max: MAX_MESSAGE_LENGTH }));
    });

    for (const [name, text] of [
      ['only emoji', '😀🙏🎓'],
      ['control characters', 'a\u0000b\u0007c\u001b[31m'],
      ['a lone surrogate', 'x\ud800y'],
    ] as const) {
      it(`answers ${name} with a normal reply (not understood or out of scope), never an apology`, async () => {
        const user = client({ locale: 'en-US' });
        expect((await user.say(text)).status).to.equal(200);
        const [reply] = await sink.waitFor(user.conversationId, 1);
        const normal = [en('common:notUnderstood'), en('common:outOfScope')].some((start) => reply!.text?.startsWith(start));
        expect(normal, reply!.text).to.equal(true);
        expect(reply!.text).not.to.include(en('common:apology'));
      });
    }

    it('answers an empty message by asking what the user needs', async () => {
      const user = client({ locale: 'en-US' });
      await user.say('   ');
      const [reply] = await sink.waitFor(user.conversationId, 1);
      expect(reply!.text).to.equal(en('common:emptyMessage'));
    });
  });
});

describe('the server with MicrosoftAppId set', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' });
  });
  after(async () => {
    await running.stop();
  });

  it('refuses POST /api/messages without a Bot Framework token with 401', async () => {
    const user = new BotClient(running.url, 'https://smba.trafficmanager.net/jp/');
    expect((await user.say('hello')).status).to.equal(401);
  });

  it('refuses a made-up bearer token with 401', async () => {
    const user = new BotClient(running.url, 'https://smba.trafficmanager.net/jp/');
    const response = await postJson(`${running.url}/api/messages`, user.activity({ text: 'hi' }), {
      authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln',
    });
    expect(response.status).to.equal(401);
  });
});

describe('the server on an empty store', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.stop();
  });

  it('loads the demo fixture (students, a graduate, staff) and reports store, mail and accounts ready', async () => {
    expect(await (await running.app.store.collection('accounts')).count({})).to.equal(5);
    expect(await (await running.app.store.collection('staff')).count({})).to.equal(2);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.include({ store: 'ok', mail: 'ok', accounts: 'ok' });
  });
});
