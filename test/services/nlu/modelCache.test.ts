import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ModelCache } from '../../../services/nlu/modelCache.ts';

describe('ModelCache', () => {
  const fresh = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'model-cache-')), 'nlu');

  describe('#read', () => {
    it('returns undefined when nothing was cached, even without the folder', async () => {
      expect(await new ModelCache(fresh()).read('abc')).to.equal(undefined);
    });
  });

  describe('#write', () => {
    it('stores a model that #read returns under the same key only', async () => {
      const cache = new ModelCache(fresh());
      await cache.write('abc', '{"model":1}');
      expect(await cache.read('abc')).to.equal('{"model":1}');
      expect(await cache.read('def')).to.equal(undefined);
    });

    it('removes the models of other keys, leaving no temporary file', async () => {
      const dir = fresh();
      const cache = new ModelCache(dir);
      await cache.write('old', 'a');
      await cache.write('new', 'b');
      expect(readdirSync(dir)).to.deep.equal(['intent-model-new.json']);
    });
  });
});
