import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const prefix = 'intent-model-';
const suffix = '.json';

/**
 * The trained intent model on disk under `DATA_DIR/nlu/`, one file named by the key (a hash of the training
 * data and the library version), so a start-up with unchanged utterances loads instead of retraining.
 */
export class ModelCache {
  constructor(private readonly dir: string) {}

  /** The cached model for `key`, or undefined when there is none. */
  async read(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Stores the model for `key` and removes models of older keys. Written to a temporary file and renamed,
   * so another instance starting at the same moment never reads half a model.
   */
  async write(key: string, model: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${this.file(key)}.${process.pid}.tmp`;
    await writeFile(temporary, model, 'utf8');
    await rename(temporary, this.file(key));
    const stale = (await readdir(this.dir)).filter(
      (name) => name.startsWith(prefix) && name.endsWith(suffix) && name !== path.basename(this.file(key)),
    );
    await Promise.all(stale.map(async (name) => await rm(path.join(this.dir, name), { force: true })));
  }

  private file(key: string): string {
    return path.join(this.dir, `${prefix}${key}${suffix}`);
  }
}
