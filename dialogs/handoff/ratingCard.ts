import { cardOf } from '../cards/adaptiveCard.ts';
import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';

export const RATE_ACTION = 'rateHandoff';
export const SCORES = [1, 2, 3, 4, 5] as const;
export const COMMENT_INPUT = 'comment';
export const MAX_COMMENT_LENGTH = 500;

export interface RatingCardData {
  /** The handoff round being rated, so a late answer to an old card is not taken for a newer chat. */
  round: number;
}

/** The rating after an agent returns the chat (issue 6 item 6): five buttons and an optional comment. */
export function ratingCard(t: TFunction, data: RatingCardData): Attachment {
  const question = t('handoff:rating.question');
  return cardOf({
    fallbackText: `${question}\n${t('handoff:rating.fallback')}`,
    speak: question,
    body: [
      { type: 'TextBlock', text: question, wrap: true, weight: 'Bolder' },
      { type: 'Input.Text', id: COMMENT_INPUT, label: t('handoff:rating.commentLabel'), isMultiline: true, maxLength: MAX_COMMENT_LENGTH },
    ],
    actions: SCORES.map((score) => ({
      type: 'Action.Submit',
      title: t('handoff:rating.score', { score }),
      data: { action: RATE_ACTION, score, round: data.round },
    })),
  });
}

/** A rating submitted from the card (or typed as a single digit 1–5), or undefined. */
export function readRating(value: unknown, text: string | undefined): { score: number; comment?: string; round?: number } | undefined {
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record.action !== RATE_ACTION || !SCORES.includes(record.score as 1)) return undefined;
    const comment = typeof record[COMMENT_INPUT] === 'string' ? record[COMMENT_INPUT].trim().slice(0, MAX_COMMENT_LENGTH) : '';
    return { score: record.score as number, ...(comment ? { comment } : {}), ...(typeof record.round === 'number' ? { round: record.round } : {}) };
  }
  const digit = /^\s*([1-5])\s*$/u.exec((text ?? '').normalize('NFKC'));
  return digit ? { score: Number(digit[1]) } : undefined;
}
