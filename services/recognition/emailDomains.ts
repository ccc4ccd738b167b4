/**
 * Mail domains the manuals warn about (DOMAIN.md "Confirmation mail not arriving"): free-mail addresses may not
 * receive the confirmation, and Japanese carrier mail filters block unknown senders unless the service's
 * address is on the allow-list. Lower case, exact domains.
 */
export const freeMailDomains: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com',
  'yahoo.co.jp', 'ymail.ne.jp', 'yahoo.com',
  'outlook.jp', 'outlook.com', 'hotmail.com', 'hotmail.co.jp', 'live.jp', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com',
  'mail.com', 'ymail.com', 'aol.com', 'gmx.com', 'proton.me', 'protonmail.com', 'zoho.com', 'excite.co.jp', 'nifty.com',
]);

/** Japanese mobile carriers' mail (キャリアメール), including their MVNO and legacy domains. */
export const carrierMailDomains: ReadonlySet<string> = new Set([
  'docomo.ne.jp', 'mopera.net',
  'ezweb.ne.jp', 'au.com', 'uqmobile.jp',
  'softbank.ne.jp', 'i.softbank.jp', 'disney.ne.jp',
  'ymobile.ne.jp', 'y-mobile.ne.jp', 'emobile.ne.jp', 'willcom.com',
  'rakumail.jp',
]);

/** The domains typos are checked against: the common ones above, most used first. */
export const commonMailDomains: readonly string[] = [
  'gmail.com', 'yahoo.co.jp', 'icloud.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp',
  'i.softbank.jp', 'outlook.jp', 'outlook.com', 'hotmail.com', 'hotmail.co.jp', 'live.jp', 'yahoo.com',
  'me.com', 'ymobile.ne.jp', 'msn.com', 'nifty.com', 'rakumail.jp',
];

/** What kind of mailbox a domain is, when it is one the manuals warn about. */
export type MailProviderKind = 'free' | 'carrier';

/** `free` for free-mail domains, `carrier` for mobile-carrier mail, undefined for anything else (a university's own). */
export function mailProviderKind(domain: string): MailProviderKind | undefined {
  const lower = domain.toLowerCase();
  if (carrierMailDomains.has(lower)) return 'carrier';
  return freeMailDomains.has(lower) ? 'free' : undefined;
}
