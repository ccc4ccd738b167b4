import { carrierMailDomains, commonMailDomains, freeMailDomains } from './emailDomains.ts';

/** Misspelt endings, whatever the domain: a university's `ac.jpp` is as wrong as `docomo.ne.jpp`. */
const endingTypos: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.(?:con|cpm|vom|xom|comm|ocm|cm|coom)$/u, '.com'],
  [/\.(ne|ac|co|or|ad|go|ed)\.(?:jpp|jo|jl|pj|ip)$/u, '.$1.jp'],
  [/\.jpp$/u, '.jp'],
  [/\.(?:nett|met|bet|nte)$/u, '.net'],
];

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

function fixEnding(domain: string): string {
  const typo = endingTypos.find(([pattern]) => pattern.test(domain));
  return typo ? domain.replace(typo[0], typo[1]) : domain;
}

/**
 * The domain the user probably meant, when `domain` looks like a typo of a common mail domain
 * (gmial.com → gmail.com, hotmial.com → hotmail.com, yahooo.co.jp → yahoo.co.jp, docomo.ne.jpp → docomo.ne.jp)
 * or ends in a misspelt top-level domain (example-u.ac.jpp → example-u.ac.jp). Undefined when it looks right.
 * `knownDomains` (the tenant's own, e.g. its university's) count as correct and as targets.
 */
export function suggestDomain(domain: string, knownDomains: readonly string[] = []): string | undefined {
  const lower = domain.toLowerCase();
  const targets = [...knownDomains.map((known) => known.toLowerCase()), ...commonMailDomains];
  if (targets.includes(lower) || freeMailDomains.has(lower) || carrierMailDomains.has(lower)) return undefined;
  const fixed = fixEnding(lower);
  if (targets.includes(fixed)) return fixed;
  // Short domains (au.com) allow one slip, longer ones two (gmaill.con → gmail.com).
  const near = targets
    .map((target) => ({ target, distance: editDistance(fixed, target) }))
    .filter(({ target, distance }) => distance <= (target.length < 8 ? 1 : 2))
    .sort((a, b) => a.distance - b.distance)[0];
  if (near) return near.target;
  return fixed === lower ? undefined : fixed;
}
