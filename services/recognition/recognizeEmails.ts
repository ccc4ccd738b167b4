import { Culture, recognizeEmail } from './recognizers.ts';
import { mailProviderKind } from './emailDomains.ts';
import type { MailProviderKind } from './emailDomains.ts';
import { foldWidth, hasFullWidth, originalSpan } from './foldWidth.ts';
import { suggestDomain } from './suggestDomain.ts';

/** An email address found in a message, with what the manual's checklist would point out about it. */
export interface EmailMention {
  /** The address as it should be entered: NFKC (half-width), no spaces, domain in lower case. */
  address: string;
  /** Exactly what the user typed for it. */
  original: string;
  /** The user typed spaces inside it (manual: "Did you enter any unnecessary spaces?"). */
  hadSpaces: boolean;
  /** The user typed full-width characters in it (manual: "single-byte alphanumerics only"). */
  hadFullWidth: boolean;
  /** The address with a likely domain typo corrected (gmial.com → gmail.com), when there is one. */
  suggestion?: string;
  /** A free-mail or carrier-mail domain (of the suggestion, if any): such mail may be filtered. */
  provider?: MailProviderKind;
}

/** Options of `recognizeEmails`. */
export interface EmailOptions {
  /** Domains that are right even if they look like a typo of a common one (the tenant's university's). */
  knownDomains?: readonly string[];
}

const localChar = String.raw`[a-z0-9!#$%&'*+/=?^_\x60{|}~-]`;
const label = String.raw`[a-z0-9](?:[a-z0-9-]*[a-z0-9])?`;
/** Top and second-level labels after which a space before a dot is still part of the address ("gmail. com"). */
const trailingLabel = String.raw`(?:com|net|org|jp|ne|ac|co|or|ed|go|info|biz|me|io|edu)(?![a-z0-9])`;
/**
 * An address, tolerating spaces around "@" and around the dots of the local part, and around a domain dot when
 * what follows is a known suffix: "taro . yamada @ gmail. com" is one address, "taro@gmail.com. Thanks" is not more.
 */
const addressPattern = new RegExp(
  String.raw`(?<![a-z0-9._%+-])${localChar}+(?:\s*\.\s*${localChar}+)*\s*@\s*${label}(?:(?:\.|\s+\.\s*|\.\s+(?=${trailingLabel}))${label})+`,
  'giu',
);

/**
 * Finds email addresses in a message after NFKC (so ｔａｒｏ＠ｇｍａｉｌ．ｃｏｍ is found), validates each with
 * @microsoft/recognizers-text, and reports spaces, full-width characters, likely domain typos and free or
 * carrier mail: the checks of the manuals' "confirmation mail not arriving" list.
 */
export function recognizeEmails(text: string, options: EmailOptions = {}): EmailMention[] {
  const folded = foldWidth(text);
  const mentions: EmailMention[] = [];
  for (const match of folded.folded.matchAll(addressPattern)) {
    const start = match.index;
    const span = match[0];
    const compact = span.replace(/\s+/gu, '');
    // recognizers-text must see the whole compacted span as one address (it reports it lower-cased).
    const valid = recognizeEmail(compact, Culture.English).some((result) => result.start === 0 && result.end === compact.length - 1);
    if (!valid) continue;
    const at = compact.lastIndexOf('@');
    const domain = compact.slice(at + 1).toLowerCase();
    const address = `${compact.slice(0, at)}@${domain}`;
    const original = originalSpan(folded, text, start, start + span.length);
    const corrected = suggestDomain(domain, options.knownDomains);
    const provider = mailProviderKind(corrected ?? domain);
    mentions.push({
      address,
      original,
      hadSpaces: /\s/u.test(original),
      hadFullWidth: hasFullWidth(original.replace(/ /gu, '')),
      ...(corrected ? { suggestion: `${compact.slice(0, at)}@${corrected}` } : {}),
      ...(provider ? { provider } : {}),
    });
  }
  return mentions;
}
