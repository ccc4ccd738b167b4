import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import type { TranscriptStore } from 'botbuilder';
import type { i18n } from 'i18next';
import type { LeftMessage } from '../../dialogs/handoff/handoffDesk.ts';
import { turnLanguage, turnTenant } from '../../dialogs/shared/turnContext.ts';
import { fixedT } from '../../services/i18n/i18n.ts';
import type { Tickets } from '../../services/handoff/tickets.ts';
import type { MailQueue } from '../../services/mail/mailQueue.ts';
import { formatJst } from '../../services/mail/mailTemplates.ts';
import { redactText } from '../../services/redaction/redact.ts';
import type { Clock } from '../../services/store/documentStore.ts';
import { readTranscript, summarize } from './transcriptView.ts';

/**
 * The message form's end (issue 6 item 2): the message becomes a numbered ticket, mailed through the outbox
 * to the tenant's staff address with a redacted summary of the conversation, in the tenant's language.
 */
export class TicketDesk {
  constructor(
    private readonly deps: { tickets: Tickets; outbox: MailQueue; transcripts: TranscriptStore; i18n: i18n; clock: Clock },
  ) {}

  async open(context: TurnContext, message: LeftMessage): Promise<string> {
    const tenant = turnTenant(context);
    if (!tenant.staffEmail) throw new Error(`tenant ${tenant.id} has no staffEmail: the message form must not be offered`);
    const { tickets, outbox, transcripts, clock } = this.deps;
    const number = await tickets.nextNumber(tenant.id);
    const now = clock();
    const text = redactText(message.text);
    const { channelId, conversation, recipient } = context.activity;
    const entries = await readTranscript(transcripts, channelId, conversation.id, recipient?.id);
    const staffLocale = tenant.defaultLocale;
    const t = fixedT(this.deps.i18n, staffLocale);
    const labels = {
      user: t('handoff:transcriptLabels.user'),
      bot: t('handoff:transcriptLabels.bot'),
      agent: t('handoff:transcriptLabels.agent'),
      system: t('handoff:transcriptLabels.bot'),
    };
    const params = {
      ticket: number,
      university: tenant.name[staffLocale],
      receivedAt: formatJst(now),
      email: message.email,
      language: turnLanguage(context).locale,
      message: text,
      transcript: summarize(entries, labels) || '-',
    };
    const mailId = `ticket-${randomUUID()}`;
    await outbox.enqueue({
      id: mailId,
      to: tenant.staffEmail,
      subject: t('handoff:ticketMail.subject', params).replace(/[\r\n]+/gu, ' '),
      text: t('handoff:ticketMail.body', params),
      locale: staffLocale,
      kind: 'ticket',
    });
    await tickets.save({
      _id: randomUUID(),
      number,
      tenant: tenant.id,
      conversationId: TurnContext.getConversationReference(context.activity).conversation?.id ?? conversation.id,
      contactEmail: message.email,
      text,
      locale: turnLanguage(context).locale,
      createdAt: now,
      mailId,
    });
    return number;
  }
}
