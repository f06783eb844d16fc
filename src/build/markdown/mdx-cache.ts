/**
 * Compiled MDX kept between builds. Astro keeps each `.md` entry's rendered
 * HTML in its content store, so a rebuild renders only the entries that
 * changed; `@astrojs/mdx` compiles every `.mdx` module again on every build,
 * changed or not (at 1,000 posts about 2 s of a rebuild's bundling step).
 * `cacheMdxCompiles(processor, folder)` is the same processor with each
 * compile's result kept in `folder`, one file per source, under a digest of
 * everything the result is made from:
 *
 * - the source, its path and its frontmatter;
 * - the renderer, which is data whenever the render workers can rebuild it
 *   (`planWorkerRenderer`: satteri's features, the shiki and Markdown options,
 *   the site's own shiki transformers), and the MDX options;
 * - the code that makes it: the installed packages (the lockfile and the
 *   versions of the packages that compile), the transformers' module and the
 *   worker's.
 *
 * A renderer that is not plain data (plugins, other transformers, another
 * processor) is not cached at all. Compile errors are never kept, a kept
 * file that cannot be read counts as missing, and a folder that cannot be
 * written to only costs the time (the build warns once and goes on).
 * `scripts/build-site.ts` removes the files a build did not use
 * (`pruneMdxCache`).
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { readPackageVersion } from '../step-records.ts';
import { planWorkerRenderer } from './render-pool.ts';
import type { MarkdownProcessor, MdxRenderer, MdxRenderResult } from './render-messages.ts';

/** Packages whose code turns an `.mdx` source into its module. */
const COMPILING_PACKAGES = [
  'astro',
  '@astrojs/mdx',
  '@astrojs/markdown-satteri',
  'shiki',
  '@shikijs/transformers',
];
/** Our modules whose code decides the result: the site's transformers and the worker that rebuilds the renderer. */
const COMPILING_MODULES = ['../../lib/code-blocks.ts', './render-worker.ts', './mdx-cache.ts'].map(
  (path) => new URL(path, import.meta.url),
);
const ENTRY_PATTERN = /^[0-9a-f]{64}\.json$/;

/** A file's text, or '' when it cannot be read. */
function readText(file: string | URL): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A digest of the parts, each length-prefixed. */
function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}

/** What decides every compile of one renderer besides its source (see above). */
export function identifyMdxRenderer(plan: unknown, mdxOptions: unknown, lockfile: string): string {
  return digest([
    JSON.stringify(plan),
    JSON.stringify(mdxOptions),
    readText(lockfile),
    ...COMPILING_PACKAGES.map((name) => `${name}@${readPackageVersion(name)}`),
    ...COMPILING_MODULES.map((module) => readText(module)),
  ]);
}

/** The key of one compile: the renderer's identity, the source, its path and its frontmatter. */
export function keyMdxCompile(
  renderer: string,
  source: string,
  filePath: string,
  frontmatter: Record<string, unknown>,
): string {
  return digest([renderer, filePath, JSON.stringify(frontmatter) ?? '', source]);
}

/** The kept result for `key`, marked as used by this build; undefined when there is none or it is unreadable. */
function readEntry(folder: string, key: string): MdxRenderResult | undefined {
  const file = join(folder, `${key}.json`);
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as MdxRenderResult;
    if (typeof result.code !== 'string' || typeof result.astroMetadata !== 'object')
      return undefined;
    const now = new Date();
    utimesSync(file, now, now);
    return result;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `result` for `key` (written whole, then renamed into place). A cache
 * that cannot be written never fails the compile: returns the error instead,
 * having removed any partial file.
 */
function writeEntry(folder: string, key: string, result: MdxRenderResult): Error | undefined {
  const file = join(folder, `${key}.json`);
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(partial, JSON.stringify(result));
    renameSync(partial, file);
    return undefined;
  } catch (error) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // The folder itself is unusable: there is no partial file either.
    }
    return error as Error;
  }
}

/**
 * `processor` with its `.mdx` compiles kept in `folder` (see above);
 * `lockfile` is the project's package lockfile.
 */
export function cacheMdxCompiles(
  processor: MarkdownProcessor,
  folder: string,
  lockfile: string,
): MarkdownProcessor {
  const createMdxRenderer = processor.createMdxRenderer?.bind(processor);
  if (!createMdxRenderer) return processor;
  return {
    ...processor,
    createMdxRenderer: async (shared, mdx): Promise<MdxRenderer> => {
      const renderer = await createMdxRenderer(shared, mdx);
      const plan = planWorkerRenderer(processor, shared);
      if ('reason' in plan) return renderer;
      const identity = identifyMdxRenderer(plan, { ...mdx, srcDir: mdx.srcDir?.href }, lockfile);
      let warned = false;
      return {
        process: async (source, filePath, frontmatter) => {
          const key = keyMdxCompile(identity, source, filePath, frontmatter);
          const kept = readEntry(folder, key);
          if (kept) return kept;
          const result = await renderer.process(source, filePath, frontmatter);
          const failure = writeEntry(folder, key, result);
          if (failure && !warned) {
            warned = true;
            console.warn(
              `Compiled .mdx modules cannot be kept in ${folder} (${failure.message}); this build compiles every one.`,
            );
          }
          return result;
        },
      };
    },
  };
}

/**
 * Removes the kept compiles no build has used since `since` (the start of
 * the build that just finished), and any partial file. Returns how many.
 */
export function pruneMdxCache(folder: string, since: Date): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = join(folder, name);
    const stale = !ENTRY_PATTERN.test(name) || statSync(file).mtime < since;
    if (stale) {
      rmSync(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
