/** Longer than any ID, address, password or token the pages take (an email is at most 254). */
export const MAX_FIELD_LENGTH = 256;

// C0 and C1 control characters (tab and line breaks included): no single-line field holds them.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

/** A field that is not one plain, short, printable string: the page says which, and nothing is changed. */
export class BadFieldError extends Error {
  constructor(readonly field: string) {
    super(`bad form field ${field}`);
  }

  override get name(): string {
    return 'BadFieldError';
  }
}

/** The parsed query or form of a request (restify's parsers give an object, or nothing). */
export function fieldsOf(source: unknown): Record<string, unknown> {
  return typeof source === 'object' && source !== null && !Array.isArray(source) ? (source as Record<string, unknown>) : {};
}

/**
 * One field as a string: absent is empty; a list (`a=1&a=2`), a nested object (`a[b]=1`), an over-long
 * value or a control character throws {@link BadFieldError} naming the field.
 */
export function readField(source: Record<string, unknown>, name: string): string {
  const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH || CONTROL.test(value)) throw new BadFieldError(name);
  return value;
}

/** Several fields at once, in the order given (the first bad one is named). */
export function readFields<K extends string>(source: Record<string, unknown>, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) values[name] = readField(source, name);
  return values;
}
