/**
 * Environment a production bot process starts with (set by the platform before Node starts: the Dockerfile's ENV,
 * the App Service app settings of deploymentTemplates/template.json; `npm run bench` starts its servers with it).
 *
 * MALLOC_MMAP_THRESHOLD_: glibc hands out large blocks (scrypt's 16 MB for a staff password, big request buffers)
 * from its heaps once a freed block has raised its adaptive threshold, and keeps them resident after they are freed,
 * per thread pool thread. A fixed 1 MB threshold turns that adaptation off: blocks from 1 MB up are mapped and
 * given back when freed. Measured at start-up (demo seed, four password hashes): RSS 337 → 253 MB (issue 9).
 * Other C libraries ignore it.
 */
export const processEnvironment: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '1048576',
};
