import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Environment a production bot process starts with (set by the platform before Node starts: the Dockerfile's ENV,
 * the App Service app settings of deploymentTemplates/template.json; `npm run bench` starts its servers with it).
 *
 * MALLOC_MMAP_THRESHOLD_: glibc hands out large blocks (scrypt's 16 MB for a staff password, big request buffers)
 * from its heaps once a freed block has raised its adaptive threshold, and keeps them resident after they are freed,
 * per thread pool thread. A fixed 1 MB threshold turns that adaptation off: blocks from 1 MB up are mapped and
 * given back when freed. Measured at start-up (demo seed, four password hashes): RSS 337 → 253 MB (issue 9).
 * Other C libraries ignore it.
 *
 * NODE_OPTIONS --max-old-space-size: V8 paces its full collections by the heap limit, which it takes from the
 * machine (about 4 GB here): garbage then piles up to hundreds of MB between collections. The live heap measured
 * 100 MB after start and 130 MB after 10,000 conversations in embedded mode (less on MongoDB); 384 MB is three
 * times that. Measured under saturation: RSS 570 → 288 MB, CPU per turn unchanged (issue 9). A process that really
 * outgrew it would stop with an out-of-memory error and be restarted by the platform: raise it with the plan's memory.
 */
export const processEnvironment: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '1048576',
  NODE_OPTIONS: '--max-old-space-size=384',
};

/**
 * One full garbage collection, for the moment start-up is over and the server is about to listen: loading the modules
 * and training the intent model leave tens of MB of garbage, and V8 otherwise collects it in the first second of
 * traffic, pausing the first turns (issue 9: a 300 ms full collection amid the bench's cold start, seen with
 * `node --cpu-prof`). V8 hands out its gc function only to a context made while --expose-gc is set; the flag is
 * cleared again at once, so nothing else sees a global gc.
 */
export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  try {
    (runInNewContext('gc') as () => void)();
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
