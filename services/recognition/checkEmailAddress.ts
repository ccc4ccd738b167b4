import type { MailProviderKind } from './emailDomains.ts';
import { recognizeEmails } from './recognizeEmails.ts';
import type { EmailOptions } from './recognizeEmails.ts';

/**
 * Something worth telling the user about an address they plan to register, in the order of the checklist on
 * the "Mail address setting" screen (manual 003 §2.1, 001 §2.1): typed correctly, no extra spaces, half-width
 * characters only; then the note that free-mail addresses may not receive the confirmation mail.
 */
export type AddressFinding =
  | { kind: 'domainTypo'; domain: string; suggestedDomain: string; suggestion: string }
  | { kind: 'spaces' }
  | { kind: 'fullWidth' }
  | { kind: 'provider'; provider: MailProviderKind; domain: string };

/** Why a message that tries to give an address could not be read as one. */
export type UnreadableReason = 'nonAscii' | 'multipleAt' | 'domainIncomplete' | 'other';

export type AddressCheck =
  /** `address`: as it should be entered (half-width, no spaces). `findings` is empty when nothing is wrong. */
  | { outcome: 'checked'; address: string; original: string; findings: AddressFinding[] }
  | { outcome: 'several' }
  | { outcome: 'unreadable'; reason: UnreadableReason }
  /** No "@" at all: the message is not an address, but something else to understand. */
  | { outcome: 'none' };

/** True for the findings the user should correct before entering the address (the rest are warnings). */
export const needsCorrection = (finding: AddressFinding): boolean => finding.kind !== 'provider';

/** A single-word prefix before an address, as in "yamada taro@example.com" (the whole message). */
const LOCAL_WORD = /^[A-Za-z0-9._%+-]+$/u;

/** Words said before an address that are not part of it ("yes taro@example.com", "ok, it's taro@…"). */
const fillerWords: ReadonlySet<string> = new Set(['yes', 'ok', 'okay', 'sure', 'please', 'email', 'mail', 'address', 'is', 'its', 'my', 'this', 'to', 'use', 'check', 'hi', 'hello', 'thanks']);

/**
 * Checks the address in a message the way the manuals' checklist does, and says exactly what is wrong.
 * Builds on `recognizeEmails` (NFKC, spaces around "@" and dots, domain typos, free and carrier mail) and adds:
 * a message that is only a word, spaces and an address ("yamada taro@example.com") is one address with a space;
 * a message with an "@" but no readable address gets the likeliest reason.
 */
export function checkEmailAddress(text: string, options: EmailOptions = {}): AddressCheck {
  const mentions = recognizeEmails(text, options);
  const distinct = new Set(mentions.map((mention) => mention.address));
  if (distinct.size > 1) return { outcome: 'several' };
  const [mention] = mentions;
  if (!mention) return unreadable(text);
  const joined = joinPrefixWord(text, mention.original);
  const address = joined ? `${joined.word}${mention.address}` : mention.address;
  const original = joined ? joined.original : mention.original;
  const findings: AddressFinding[] = [];
  if (mention.suggestion) {
    const suggestedDomain = domainOf(mention.suggestion);
    findings.push({ kind: 'domainTypo', domain: domainOf(mention.address), suggestedDomain, suggestion: `${localOf(address)}@${suggestedDomain}` });
  }
  if (mention.hadSpaces || joined) findings.push({ kind: 'spaces' });
  if (mention.hadFullWidth || (joined && joined.word !== joined.typedWord)) findings.push({ kind: 'fullWidth' });
  if (mention.provider) findings.push({ kind: 'provider', provider: mention.provider, domain: domainOf(mention.suggestion ?? mention.address) });
  return { outcome: 'checked', address, original, findings };
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);
const localOf = (address: string): string => address.slice(0, address.lastIndexOf('@'));

/** The word before the address when the whole message is that word, spaces and the address. */
function joinPrefixWord(text: string, original: string): { word: string; typedWord: string; original: string } | undefined {
  const trimmed = text.trim();
  if (!trimmed.endsWith(original)) return undefined;
  const before = trimmed.slice(0, trimmed.length - original.length);
  const typedWord = before.trimEnd();
  if (typedWord === before || typedWord === '') return undefined;
  const word = typedWord.normalize('NFKC');
  if (!LOCAL_WORD.test(word) || fillerWords.has(word.toLowerCase())) return undefined;
  return { word, typedWord, original: trimmed };
}

/** An "@" (half- or full-width) without a readable address: the likeliest reason, from the word around it. */
function unreadable(text: string): AddressCheck {
  const folded = text.normalize('NFKC');
  const word = folded.split(/\s+/u).find((part) => part.includes('@'));
  if (word === undefined) return { outcome: 'none' };
  const [local = '', ...rest] = word.split('@');
  const domain = rest.join('@');
  // An "@" with no Latin letters or digits around it («@ってどう入力するの？») is a question, not an address.
  if (!/[A-Za-z0-9]/u.test(word)) return { outcome: 'none' };
  // A Japanese character right next to the "@" (「たろう@gmail.com」) is in the address itself.
  if (/[^\x20-\x7e]/u.test(local.slice(-1)) || /[^\x20-\x7e]/u.test(domain.slice(0, 1))) return { outcome: 'unreadable', reason: 'nonAscii' };
  if (rest.length > 1) return { outcome: 'unreadable', reason: 'multipleAt' };
  const asciiDomain = /^[\x21-\x7e]*/u.exec(domain)?.[0] ?? '';
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/u.test(asciiDomain.replace(/[.,;:!?)]+$/u, ''))) return { outcome: 'unreadable', reason: 'domainIncomplete' };
  return { outcome: 'unreadable', reason: 'other' };
}
