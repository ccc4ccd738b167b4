import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { Culture, recognizeDateTime } from '../../services/recognition/recognizers.ts';
import { recognizeEmails } from '../../services/recognition/recognizeEmails.ts';
import { recognizeJapaneseDates } from '../../services/recognition/recognizeJapaneseDates.ts';
import { recognizeLoginId } from '../../services/recognition/recognizeLoginId.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import type { Field, FieldReading } from './fieldPrompt.ts';
import { turnLanguage, turnTenant } from './turnContext.ts';

/** How an answer was typed, as the manual's checklist asks about it: spaces, full-width characters. */
interface Typed {
  hadSpaces: boolean;
  hadFullWidth: boolean;
}

/** What a graduate gives besides the email (manual 002: the birth date of the application, or a student ID number). */
export type GraduateDetail = { birthDate: string } | { studentId: string };

/**
 * "I read it as …": said when the answer had spaces or full-width characters, so the user learns to type it
 * half-width without spaces on the service's screens (manual 003 §2.1 checklist items 2 and 3).
 */
function typedNote(t: TFunction, typed: Typed, value: string): string | undefined {
  if (typed.hadSpaces && typed.hadFullWidth) return t('identity:normalized.both', { value });
  if (typed.hadSpaces) return t('identity:normalized.spaces', { value });
  if (typed.hadFullWidth) return t('identity:normalized.fullWidth', { value });
  return undefined;
}

const withNote = <T>(value: T, note: string | undefined): FieldReading<T> => (note ? { value, note } : { value });

/** The tenant's own mail domains are right even when they look like a typo of a common one. */
function tenantDomains(tenant: Tenant): string[] {
  const sender = tenant.senderAddress.slice(tenant.senderAddress.lastIndexOf('@') + 1);
  const web = new URL(tenant.webPage).hostname.replace(/^www\./u, '');
  return [...new Set([sender, web].map((domain) => domain.toLowerCase()))];
}

/** The tenant's login ID, by its pattern; an ID that does not match is answered here, before any service call. */
export const loginIdField: Field<string> = {
  question(context) {
    const { t, locale } = turnLanguage(context);
    const { loginId } = turnTenant(context);
    return t('identity:askLoginId', { label: loginId.label[locale], example: loginId.example });
  },
  read(context, text) {
    const { t, locale } = turnLanguage(context);
    const { loginId } = turnTenant(context);
    const found = recognizeLoginId(text, loginId.pattern);
    if (found) return withNote(found.loginId, typedNote(t, found, found.loginId));
    const label = loginId.label[locale];
    if (recognizeEmails(text).length > 0) return { retry: t('identity:loginId.isEmail', { label }) };
    return { retry: t('identity:loginId.wrongFormat', { label, example: loginId.example }) };
  },
};

/** The registered address; a likely domain typo is queried once, and the same address again is taken as meant. */
export const emailField: Field<string> = {
  question(context) {
    return turnLanguage(context).t('identity:askEmail');
  },
  read(context, text, memory) {
    const { t } = turnLanguage(context);
    const mentions = recognizeEmails(text, { knownDomains: tenantDomains(turnTenant(context)) });
    const [mention] = mentions;
    if (!mention) return { retry: t('identity:email.notFound') };
    if (mentions.some((other) => other.address !== mention.address)) return { retry: t('identity:email.several') };
    if (mention.suggestion && memory.queried !== mention.address) {
      memory.queried = mention.address;
      return { retry: t('identity:email.typo', { typed: mention.address, suggestion: mention.suggestion }), free: true };
    }
    return withNote(mention.address, typedNote(t, mention, mention.address));
  },
};

/** A birth date (Japanese or English forms) or, failing that, a student ID number (letters, digits, hyphens). */
export const graduateDetailField: Field<GraduateDetail> = {
  question(context) {
    return turnLanguage(context).t('identity:askGraduateDetail');
  },
  read(context, text) {
    const { t } = turnLanguage(context);
    const date = readDate(text);
    if (date === 'partial') return { retry: t('identity:graduate.needDay') };
    if (date) return { value: { birthDate: date } };
    const folded = text.normalize('NFKC');
    const compact = folded.replace(/\s+/gu, '');
    if (!/^[A-Za-z0-9-]{4,20}$/u.test(compact)) return { retry: t('identity:graduate.notUnderstood') };
    const typed = { hadSpaces: /\s/u.test(text.trim()), hadFullWidth: folded !== text };
    return withNote({ studentId: compact }, typedNote(t, typed, compact));
  },
};

/** `YYYY-MM-DD`; 'partial' for a year or year-month without a day; undefined when the text holds no date. */
function readDate(text: string): string | 'partial' | undefined {
  const [japanese] = recognizeJapaneseDates(text);
  if (japanese) return japanese.day === undefined ? 'partial' : japanese.iso;
  const [english] = recognizeDateTime(text.normalize('NFKC'), Culture.English);
  if (!english) return undefined;
  const values = (english.resolution as { values?: Array<{ timex?: string; type?: string }> } | undefined)?.values ?? [];
  const full = values.map((value) => value.timex).find((timex) => timex !== undefined && /^\d{4}-\d{2}-\d{2}$/u.test(timex));
  if (full) return full;
  return values.some((value) => value.type === 'daterange' && /^\d{4}/u.test(value.timex ?? '')) ? 'partial' : undefined;
}
