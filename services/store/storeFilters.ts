import type { Filter } from './documentStore.ts';

/** Adds "not expired at `now`" to a filter when the collection has a TTL field. */
export function liveFilter(filter: Filter, ttlField: string | undefined, now: Date): Filter {
  if (!ttlField) return filter;
  const live = { $or: [{ [ttlField]: { $exists: false } }, { [ttlField]: { $gt: now } }] };
  // The filter's own fields stay at the top level, where the embedded store's query planner looks for an index;
  // wrapped in $and, every lookup by _id became a scan of the whole collection.
  const { $and, ...fields } = filter as Filter & { $and?: Filter[] };
  return { ...fields, $and: [...($and ?? []), live] };
}

/** The documents that no longer exist at `now` but may still hold an `_id` or a unique key. */
export function expiredFilter(ttlField: string, now: Date): Filter {
  return { [ttlField]: { $lte: now } };
}

/**
 * The document an upsert starts from: the filter's equalities (plain values and `$eq`, at the top
 * level and inside `$and`), with dotted paths expanded into nested objects, as MongoDB does.
 */
export function upsertSeed(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Filter[]) Object.assign(seed, upsertSeed(part));
    } else if (key.startsWith('$')) {
      continue;
    } else if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(seed, key, value.$eq);
    } else {
      setPath(seed, key, value);
    }
  }
  return seed;
}

/** NeDB has no `$eq`: rewrites `{a: {$eq: v, ...rest}}` into a plain equality (plus `rest`, under `$and`). */
export function withoutEq(filter: Filter): Filter {
  const plain: Filter = {};
  const more: Filter[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or') && Array.isArray(value)) {
      plain[key] = (value as Filter[]).map(withoutEq);
    } else if (isOperatorObject(value) && '$eq' in value) {
      const { $eq, ...rest } = value;
      plain[key] = $eq;
      if (Object.keys(rest).length > 0) more.push({ [key]: rest });
    } else {
      plain[key] = value;
    }
  }
  return more.length === 0 ? plain : { $and: [plain, ...more] };
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  const last = parts.pop()!;
  let node = target;
  for (const part of parts) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[last] = value;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !Array.isArray(value) &&
    Object.keys(value).some((key) => key.startsWith('$'))
  );
}
