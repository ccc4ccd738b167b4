import { readFile } from 'node:fs/promises';
import { loadConfig } from './config.ts';
import { openStore, openTenants } from './composition.ts';
import { loadFixture } from './fixture.ts';

/** `npm run seed -- FILE.json`: loads a fixture into the configured store (embedded under DATA_DIR, or MONGODB_URI). */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run seed -- FILE.json\n');
  process.exit(2);
}
try {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const counts = await loadFixture(store, JSON.parse(await readFile(file, 'utf8')) as unknown, {
      clock: () => new Date(),
      tenants: await openTenants(config, store),
    });
    process.stdout.write(`${JSON.stringify({ seeded: file, ...counts })}\n`);
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
