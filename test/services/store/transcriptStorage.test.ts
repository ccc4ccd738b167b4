import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, TranscriptLoggerMiddleware } from 'botbuilder';
import type { Activity, TranscriptLogger } from 'botbuilder';
import { expect } from 'chai';
import type { Doc } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { FileTranscriptLog } from '../../../services/store/fileTranscriptLog.ts';
import { StoreTranscriptStore } from '../../../services/store/transcriptStorage.ts';
import { TRANSCRIPT_RETENTION_DAYS } from '../../../services/store/transcriptStorage.ts';
import type { Redact } from '../../../services/store/transcriptStorage.ts';
import type { TranscriptLine, TranscriptLog } from '../../../services/store/transcriptLog.ts';
import { rejectionOf } from './storeChecks.ts';

type Raw = Doc & Record<string, unknown>;

const SECRET = 'Abcd1234';
const maskSecret: Redact = (activity) => ({ ...activity, text: activity.text?.replaceAll(SECRET, '[redacted]') });

function message(n: number, at: Date, conversationId = 'c1', text = `m${n}`): Activity {
  const partial: Partial<Activity> = {
    type: 'message', id: `a${n}`, channelId: 'test', conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
    from: { id: 'user1', name: 'User' }, recipient: { id: 'bot', name: 'Bot' }, timestamp: at, text,
  };
  return partial as Activity;
}

/** Resolves once every logActivity the middleware started (it does not await them) has finished. */
class ObservedLogger implements TranscriptLogger {
  private readonly pending: Promise<void>[] = [];
  constructor(private readonly inner: TranscriptLogger) {}
  logActivity(activity: Activity): Promise<void> {
    const logged = Promise.resolve(this.inner.logActivity(activity));
    this.pending.push(logged);
    return logged;
  }
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}

/** The two places transcripts are kept: the document store's collections (MongoDB), one file per conversation (embedded). */
const backends = [
  { name: 'in the document store', files: false },
  { name: 'in one file per conversation', files: true },
] as const;

for (const backend of backends) describe(`StoreTranscriptStore ${backend.name}`, () => {
  let dataDir: string;
  let store: FileDocumentStore;
  let transcripts: StoreTranscriptStore;
  let now: number;
  const clock = (): Date => new Date(now);
  const t0 = Date.parse('2025-04-01T09:00:00Z');
  const at = (seconds: number): Date => new Date(t0 + seconds * 1000);
  const day = 24 * 60 * 60_000;
  const make = (redact: Redact): StoreTranscriptStore =>
    new StoreTranscriptStore(backend.files ? new FileTranscriptLog(path.join(dataDir, 'transcripts')) : store, redact, clock);

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'transcripts-'));
    now = t0;
    store = await FileDocumentStore.open(dataDir, clock);
    transcripts = make(maskSecret);
    await transcripts.open();
  });

  afterEach(async () => {
    await transcripts.flush();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Everything written, as stored: the collections' documents, or the files' lines. */
  const rawDocuments = async (): Promise<unknown[]> => {
    if (!backend.files) {
      return [
        ...(await (await store.collection<Raw>('transcripts')).find({})),
        ...(await (await store.collection<Raw>('transcriptConversations')).find({})),
      ];
    }
    const root = path.join(dataDir, 'transcripts');
    const lines: unknown[] = [];
    for (const channel of await readdir(root)) {
      for (const file of await readdir(path.join(root, channel))) {
        const text = await readFile(path.join(root, channel, file), 'utf8');
        lines.push(...text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown));
      }
    }
    return lines;
  };
  /** The stored activity: a JSON string in a document, or an object on a file's line. */
  const storedActivity = (raw: unknown[]): Record<string, unknown> => {
    const { activity } = raw.find((item) => (item as { activity?: unknown }).activity !== undefined) as { activity: unknown };
    return (typeof activity === 'string' ? JSON.parse(activity) : activity) as Record<string, unknown>;
  };

  describe('#logActivity', () => {
    it('applies the redaction hook before anything is written', async () => {
      await transcripts.logActivity(message(1, at(0), 'c1', `my password is ${SECRET}`));
      const raw = await rawDocuments();
      expect(raw).to.have.length(2);
      expect(JSON.stringify(raw)).not.to.include(SECRET);
      expect(storedActivity(raw)).to.include({ text: 'my password is [redacted]' });
    });

    it('writes nothing when the redaction hook fails', async () => {
      const failing = make(() => {
        throw new Error('redaction failed');
      });
      const error = await rejectionOf(failing.logActivity(message(1, at(0), 'c1', SECRET)));
      expect((error as Error).message).to.equal('redaction failed');
      expect(await rawDocuments()).to.deep.equal([]);
    });

    it('leaves the caller\'s activity untouched when the hook edits its copy', async () => {
      const original = message(1, at(0), 'c1', SECRET);
      const editing = make((activity) => {
        activity.text = 'edited';
        if (activity.from) activity.from.name = 'edited';
        return activity;
      });
      await editing.logActivity(original);
      expect(original).to.include({ text: SECRET });
      expect(original.from.name).to.equal('User');
    });

    it('rejects an activity without a conversation id', async () => {
      const partial: Partial<Activity> = { type: 'message', channelId: 'test', text: 'hi' };
      expect(await rejectionOf(transcripts.logActivity(partial as Activity))).to.be.instanceOf(Error);
    });
  });

  describe('#getTranscriptActivities', () => {
    it('returns the conversation\'s activities in time order, with Date timestamps', async () => {
      await transcripts.logActivity(message(2, at(2)));
      await transcripts.logActivity(message(1, at(1)));
      await transcripts.logActivity(message(9, at(0), 'other'));
      const result = await transcripts.getTranscriptActivities('test', 'c1');
      expect(result.items.map((activity) => activity.id)).to.deep.equal(['a1', 'a2']);
      expect(result.items[0]!.timestamp).to.deep.equal(at(1));
      expect(result.continuationToken).to.equal('');
    });

    it('pages 20 at a time, continuing after the last id, and ends with an empty token', async () => {
      for (let n = 0; n < 45; n++) await transcripts.logActivity(message(n, at(n)));
      const seen: string[] = [];
      const tokens: string[] = [];
      let token: string | undefined;
      do {
        const result = await transcripts.getTranscriptActivities('test', 'c1', token);
        seen.push(...result.items.map((activity) => activity.id ?? ''));
        token = result.continuationToken;
        tokens.push(token);
      } while (token);
      expect(seen).to.deep.equal(Array.from({ length: 45 }, (_, n) => `a${n}`));
      expect(tokens).to.have.length(3);
      expect(tokens[2]).to.equal('');
    });

    it('keeps logging order for activities with the same timestamp, across pages', async () => {
      for (let n = 0; n < 25; n++) await transcripts.logActivity(message(n, at(0)));
      const first = await transcripts.getTranscriptActivities('test', 'c1');
      const second = await transcripts.getTranscriptActivities('test', 'c1', first.continuationToken);
      expect([...first.items, ...second.items].map((activity) => activity.id)).to.deep.equal(Array.from({ length: 25 }, (_, n) => `a${n}`));
    });

    it('starts at startDate when one is given', async () => {
      for (let n = 0; n < 5; n++) await transcripts.logActivity(message(n, at(n)));
      const result = await transcripts.getTranscriptActivities('test', 'c1', undefined, at(3));
      expect(result.items.map((activity) => activity.id)).to.deep.equal(['a3', 'a4']);
    });
  });

  describe('#listTranscripts', () => {
    it('lists each conversation once with the time of its first activity, 20 per page', async () => {
      for (let n = 0; n < 22; n++) await transcripts.logActivity(message(n, at(n), `c${String(n).padStart(2, '0')}`));
      await transcripts.logActivity(message(99, at(100), 'c00'));
      const first = await transcripts.listTranscripts('test');
      expect(first.items).to.have.length(20);
      expect(first.items[0]).to.deep.equal({ channelId: 'test', id: 'c00', created: at(0) });
      const second = await transcripts.listTranscripts('test', first.continuationToken);
      expect(second.items.map((info) => info.id)).to.deep.equal(['c20', 'c21']);
      expect(second.continuationToken).to.equal('');
      expect((await transcripts.listTranscripts('elsewhere')).items).to.deep.equal([]);
    });
  });

  describe('#deleteTranscript', () => {
    it('removes one conversation\'s activities and listing, and nothing else', async () => {
      await transcripts.logActivity(message(1, at(1), 'c1'));
      await transcripts.logActivity(message(2, at(2), 'c2'));
      await transcripts.deleteTranscript('test', 'c1');
      expect((await transcripts.getTranscriptActivities('test', 'c1')).items).to.deep.equal([]);
      expect((await transcripts.listTranscripts('test')).items.map((info) => info.id)).to.deep.equal(['c2']);
      expect((await transcripts.getTranscriptActivities('test', 'c2')).items).to.have.length(1);
    });
  });

  describe('what is kept of a card', () => {
    it('keeps each attachment\'s type, plain-text fallback and title, not the card\'s JSON', async () => {
      const card = {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', fallbackText: 'Choose a topic', body: [{ type: 'TextBlock', text: 'BODY-ONLY' }] },
      };
      const hero = { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'Menu', buttons: [{ title: 'BUTTON-ONLY' }] } };
      await transcripts.logActivity({ ...message(1, at(0)), attachments: [card, hero] });
      const [stored] = (await transcripts.getTranscriptActivities('test', 'c1')).items;
      expect(stored!.attachments).to.deep.equal([
        { contentType: card.contentType, content: { fallbackText: 'Choose a topic' } },
        { contentType: hero.contentType, content: { title: 'Menu' } },
      ]);
      expect(JSON.stringify(await rawDocuments())).not.to.include('BODY-ONLY').and.not.to.include('BUTTON-ONLY');
    });
  });

  describe('retention', () => {
    it(`forgets a conversation ${TRANSCRIPT_RETENTION_DAYS} days after its last activity was logged`, async () => {
      await transcripts.logActivity(message(1, at(0), 'c1'));
      now = t0 + 10 * day;
      await transcripts.logActivity(message(2, at(10 * 86_400), 'c2'));
      now = t0 + TRANSCRIPT_RETENTION_DAYS * day;
      expect((await transcripts.getTranscriptActivities('test', 'c1')).items).to.deep.equal([]);
      expect((await transcripts.getTranscriptActivities('test', 'c2')).items).to.have.length(1);
      expect((await transcripts.listTranscripts('test')).items.map((info) => info.id)).to.deep.equal(['c2']);
    });

    if (backend.files) {
      it('deletes the files of expired conversations when it opens', async () => {
        await transcripts.logActivity(message(1, at(0), 'c1'));
        now = t0 + (TRANSCRIPT_RETENTION_DAYS + 1) * day;
        await transcripts.logActivity(message(2, at(31 * 86_400), 'c2'));
        await make(maskSecret).open();
        const raw = await rawDocuments();
        expect(raw.filter((line) => (line as { conversationId?: string }).conversationId !== undefined).map((line) => (line as { conversationId: string }).conversationId)).to.deep.equal(['c2']);
      });
    }
  });

  if (backend.files) {
    describe('open files', () => {
      it('keeps every conversation whole when more conversations are written than files are kept open', async () => {
        for (let n = 0; n < 300; n++) await transcripts.logActivity(message(n, at(n), `c${n}`));
        for (let n = 0; n < 300; n++) await transcripts.logActivity(message(1000 + n, at(1000 + n), `c${n}`));
        await transcripts.deleteTranscript('test', 'c5');
        await transcripts.logActivity(message(2000, at(2000), 'c5'));
        expect((await transcripts.getTranscriptActivities('test', 'c0')).items.map((activity) => activity.id)).to.deep.equal(['a0', 'a1000']);
        expect((await transcripts.getTranscriptActivities('test', 'c299')).items.map((activity) => activity.id)).to.deep.equal(['a299', 'a1299']);
        expect((await transcripts.getTranscriptActivities('test', 'c5')).items.map((activity) => activity.id)).to.deep.equal(['a2000']);
        expect((await transcripts.listTranscripts('test')).items[0]).to.deep.equal({ channelId: 'test', id: 'c0', created: at(0) });
      });
    });
  }

  describe('batching', () => {
    it('writes the activities logged in one tick (a turn\'s) with one append', async () => {
      const appended: number[] = [];
      const inner = new FileTranscriptLog(path.join(dataDir, 'counted'));
      const counting: TranscriptLog = Object.assign(Object.create(inner) as FileTranscriptLog, {
        append: async (lines: readonly TranscriptLine[], expiresAt: Date) => {
          appended.push(lines.length);
          await inner.append(lines, expiresAt);
        },
      });
      const batched = new StoreTranscriptStore(counting, maskSecret, clock);
      await Promise.all([batched.logActivity(message(1, at(1))), batched.logActivity(message(2, at(2))), batched.logActivity(message(3, at(3), 'c2'))]);
      await batched.logActivity(message(4, at(4)));
      expect(appended).to.deep.equal([3, 1]);
      expect((await batched.getTranscriptActivities('test', 'c1')).items.map((activity) => activity.id)).to.deep.equal(['a1', 'a2', 'a4']);
    });
  });

  context('behind botbuilder\'s TranscriptLoggerMiddleware', () => {
    it('logs the user\'s and the bot\'s activities, redacted, in order', async () => {
      const logger = new ObservedLogger(transcripts);
      const adapter = new TestAdapter(async (context) => {
        await context.sendActivity(`you said: ${context.activity.text ?? ''}`);
      }).use(new TranscriptLoggerMiddleware(logger));
      await adapter.send(`password ${SECRET}`).assertReply(`you said: password ${SECRET}`);
      await logger.settled();

      const { conversation, channelId, user, bot } = adapter.conversation;
      const logged = (await transcripts.getTranscriptActivities(channelId, conversation.id)).items;
      expect(logged.map((activity) => [activity.from.id, activity.text])).to.deep.equal([
        [user?.id, 'password [redacted]'],
        [bot.id, 'you said: password [redacted]'],
      ]);
      expect(JSON.stringify(await rawDocuments())).not.to.include(SECRET);
    });
  });
});
