import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';

/** Every file under `dir` (recursively), as full paths; none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

/**
 * Every Map, Set or array with entries among `root`'s fields (two levels deep). Issue 9: memory must not grow with
 * conversations, and an adapter that kept something per key would show it here.
 */
export function collectionsIn(root: object, depth = 2): unknown[] {
  return Object.values(root).flatMap((value: unknown) => {
    if (value instanceof Map || value instanceof Set) return value.size > 0 ? [value] : [];
    if (Array.isArray(value)) return value.length > 0 ? [value] : [];
    if (depth > 0 && typeof value === 'object' && value !== null) return collectionsIn(value, depth - 1);
    return [];
  });
}

/** The error `work` rejects with; fails the test when it resolves. */
export async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the operation to be rejected');
}
