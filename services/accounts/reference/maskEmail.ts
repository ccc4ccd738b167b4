/**
 * What staff and users may see of an address: `taro@example-u.ac.jp` → `ta***@ex***.ac.jp`. Two
 * characters of the local part and of the first domain label, so a person can recognise their own
 * address without the summary disclosing it.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return `${[...email].slice(0, 2).join('')}***`;
  const local = email.slice(0, at);
  const [first = '', ...rest] = email.slice(at + 1).split('.');
  const keep = (part: string): string => [...part].slice(0, 2).join('');
  return `${keep(local)}***@${keep(first)}***${rest.map((label) => `.${label}`).join('')}`;
}
