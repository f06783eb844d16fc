/**
 * The content store read from a file while pages render, instead of compiled
 * into the build. Astro hands its prerender bundle the whole content-layer
 * store (every entry's data and rendered Markdown: 37 MB at 5,000 posts) as
 * one module, `export default JSON.parse("<the store as one string literal>")`.
 * Rolldown parses that module while bundling and V8 compiles it before the
 * first page renders. This Vite plugin writes the same JSON to a file in
 * `.build/` and replaces the module with one that reads and parses that file:
 * the same data, without the string literal. At 5,000 posts it saves about
 * 1.5 s and 100 MiB per build.
 *
 * Only that module, only in builds, and only when its code has exactly the
 * shape above: anything else (another Astro version's module, the chunked
 * store) is left as Astro wrote it, and so is the module when the file
 * cannot be written (with a warning). `CONTENT_STORE_MODULE=inline` turns the
 * plugin off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Astro's resolved id of the content store module (`astro:data-layer-content`). */
export const CONTENT_STORE_MODULE_ID = '\0astro:data-layer-content';

const PREFIX = 'export default JSON.parse(';
const SUFFIX = ')';
/** Names of the files this plugin writes: the store's digest makes each build's its own. */
const FILE_PATTERN = /^content-store-[0-9a-f]{16}\.json$/;

/** The store's JSON text from Astro's module code, or undefined when the code has another shape. */
export function readInlinedStore(code: string): string | undefined {
  const trimmed = code.trim();
  if (!trimmed.startsWith(PREFIX) || !trimmed.endsWith(SUFFIX)) return undefined;
  try {
    const json: unknown = JSON.parse(trimmed.slice(PREFIX.length, -SUFFIX.length));
    return typeof json === 'string' ? json : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `json` to a file in `folder` named by its digest, removes the files
 * earlier builds wrote there, and gives the module code that reads it back.
 */
export function writeStoreModule(json: string, folder: string): string {
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const name = `content-store-${digest}.json`;
  mkdirSync(folder, { recursive: true });
  for (const old of readdirSync(folder)) {
    if (FILE_PATTERN.test(old) && old !== name) rmSync(join(folder, old), { force: true });
  }
  const file = join(folder, name);
  writeFileSync(file, json);
  return [
    "import { readFileSync } from 'node:fs';",
    `export default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
    '',
  ].join('\n');
}

/** The Vite plugin: Astro's content store module, read from a file in `folder` (see above). */
export function readContentStoreFromFile(folder: string): Plugin {
  return {
    name: 'content-store-from-file',
    apply: 'build',
    enforce: 'post',
    transform: {
      filter: { id: new RegExp(`^${CONTENT_STORE_MODULE_ID}$`) },
      handler(code, id) {
        if (id !== CONTENT_STORE_MODULE_ID || process.env.CONTENT_STORE_MODULE === 'inline') {
          return null;
        }
        const json = readInlinedStore(code);
        if (json === undefined) return null;
        try {
          return { code: writeStoreModule(json, folder), map: null };
        } catch (error) {
          // Only a cost: Astro's own module still holds the same store.
          this.warn(
            `content store left in the bundle: cannot write it to ${folder} (${(error as Error).message})`,
          );
          return null;
        }
      },
    },
  };
}
