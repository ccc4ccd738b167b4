import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ChannelActivity } from '../../../bot/directLine/channelActivity.ts';
import { CONVERSATION_TTL_MS, ConversationStore } from '../../../bot/directLine/conversationStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

describe('ConversationStore', () => {
  let dir: string;
  let store: FileDocumentStore;
  let conversations: ConversationStore;
  let now: number;
  let appended: Array<[string, number]>;

  const message = (conversationId: string, text: string) => (id: string): ChannelActivity => ({
    type: 'message',
    id,
    text,
    timestamp: new Date(now).toISOString(),
    channelId: 'directline',
    conversation: { id: conversationId },
    from: { id: 'dl_u', role: 'user' },
    recipient: { id: 'bot' },
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'conversation-store-'));
    now = Date.now();
    store = await FileDocumentStore.open(dir, () => new Date(now));
    appended = [];
    conversations = new ConversationStore(store, () => new Date(now), (_id, activity, seq) =>
      appended.push([String(activity.text), seq]),
    );
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('#append', () => {
    it('numbers concurrent appends one after another, in the order they arrived', async () => {
      const { _id } = await conversations.create({ userId: 'dl_u', tenant: 't' });
      const texts = Array.from({ length: 20 }, (_, n) => `m${n}`);
      const activities = await Promise.all(texts.map(async (text) => await conversations.append(_id, message(_id, text))));
      expect(activities.map((activity) => activity.id)).to.deep.equal(texts.map((_, n) => `${_id}|${String(n + 1).padStart(7, '0')}`));
      expect(appended).to.deep.equal(texts.map((text, n) => [text, n + 1]));
    });

    it('keeps activities whose cards carry $-prefixed keys', async () => {
      const { _id } = await conversations.create({ userId: 'dl_u', tenant: 't' });
      const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { $schema: 'x', 'a.b': 1 } };
      await conversations.append(_id, (id) => ({ ...message(_id, 'card')(id), attachments: [card] }));
      const { activities } = await conversations.listAfter(_id, 0);
      expect(activities[0]?.attachments).to.deep.equal([card]);
    });
  });

  describe('#listAfter', () => {
    it('returns only its own conversation, after the watermark', async () => {
      const a = await conversations.create({ userId: 'dl_u', tenant: 't' });
      const b = await conversations.create({ userId: 'dl_v', tenant: 't' });
      for (const text of ['a1', 'a2', 'a3']) await conversations.append(a._id, message(a._id, text));
      await conversations.append(b._id, message(b._id, 'b1'));
      const page = await conversations.listAfter(a._id, 1);
      expect(page.activities.map((activity) => activity.text)).to.deep.equal(['a2', 'a3']);
      expect(page.watermark).to.equal(3);
    });
  });

  context('a day after the last activity', () => {
    it('has forgotten the conversation', async () => {
      const { _id } = await conversations.create({ userId: 'dl_u', tenant: 't', locale: 'ja-JP' });
      now += CONVERSATION_TTL_MS - 1000;
      await conversations.append(_id, message(_id, 'still here'));
      now += CONVERSATION_TTL_MS - 1000;
      expect(await conversations.get(_id)).to.include({ userId: 'dl_u', locale: 'ja-JP' });
      now += 2000;
      expect(await conversations.get(_id)).to.equal(null);
      expect((await conversations.listAfter(_id, 0)).activities).to.deep.equal([]);
    });
  });
});
