/**
 * `npm run build [-- --incremental]`: astro build into a staging folder, then the post-build
 * steps (internal link check, search index; each skipped when its inputs are those of the last
 * published build, and the link check parses only the pages that changed since), then swap
 * into dist/. Any failure leaves the previous dist/ as it was.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { replaceDirectory } from '../src/build/publish-dir.ts';
import {
  canReuseSearchBundle,
  digestSearchBundle,
  digestSearchInput,
  linkSearchablePages,
  reuseSearchBundle,
  startSiteIndex,
  type SearchIndexSummary,
} from '../src/build/search-index.ts';
import { readStepRecord, writeStepRecord } from '../src/build/step-records.ts';
import { pruneMdxCache } from '../src/build/markdown/mdx-cache.ts';
import {
  readPageScanStore,
  scanPages,
  writePageScanStore,
} from '../src/build/checks/page-scans.ts';
import { readBuiltSite } from '../src/build/checks/read-site.ts';
import { checkRedirects } from '../src/build/checks/redirects.ts';
import { writeRedirectsFile } from '../src/build/redirects-file.ts';
import { wordpressQueryRedirects } from '../src/data/wordpress-redirects.ts';
import {
  checkSiteLinks,
  digestLinkCheckInput,
  listCategorySlugs,
} from '../src/build/checks/site-links.ts';
import { readSiteRedirects } from '../src/redirects/site-redirects.ts';
import { formatProblems } from '../src/build/checks/types.ts';
import { site } from '../src/site.ts';
import { acquireBuildLock } from './lib/build-lock.ts';

const root = resolve(import.meta.dirname, '..');
// One staging folder, always the same: Astro's modules embed the output path, so a folder
// named per build would make every page look changed to `--incremental`. The lock keeps a
// second build from writing into it meanwhile.
const staged = join(root, '.build', 'dist-staging');
const target = join(root, 'dist');
// The pages Pagefind reads: hard links to the staged pages that have a searchable body.
const searchPages = join(root, '.build', 'search-pages');
// What the last published build's link check and search index were made from (src/build/step-records.ts).
const linkCheckRecord = join(root, '.build', 'link-check.json');
const searchIndexRecord = join(root, '.build', 'search-index.json');
// The link check's scan of each page (src/build/checks/page-scans.ts): a page unchanged since
// the last published build is not parsed again.
const pageScansFile = join(root, '.build', 'page-scans.json');
// Compiled .mdx modules, kept by astro.config.mjs (src/build/markdown/mdx-cache.ts).
const mdxCache = join(root, '.build', 'mdx');

/** Stops the build: says which step failed, removes the half-built staging folder, keeps dist/. */
function failBuild(step: string, status = 1): never {
  console.error(`\nBuild failed in ${step}; dist/ was left as it was.`);
  rmSync(staged, { recursive: true, force: true });
  rmSync(searchPages, { recursive: true, force: true });
  process.exit(status);
}

/** Runs a step with the project's Node; exits with its status when it fails. */
function runStep(label: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) failBuild(label, result.status ?? 1);
}

await mkdir(join(root, '.build'), { recursive: true });
try {
  acquireBuildLock(join(root, '.build', 'build.lock'));
} catch (error) {
  console.error(`Build not started: ${(error as Error).message}.`);
  process.exit(1);
}
await rm(staged, { recursive: true, force: true });
// Rolldown's and the Astro compiler's native code allocate with mimalloc, which by default
// keeps freed pages resident (eagerly committed arena, 10 ms purge delay). Returning them at
// once cuts the build's peak memory at 1,000 MDX posts from ~1.25 GiB to ~0.9 GiB at no
// measurable cost in time. A value set by the caller still wins.
const nativeAllocatorEnv = {
  MIMALLOC_ARENA_EAGER_COMMIT: process.env.MIMALLOC_ARENA_EAGER_COMMIT ?? '0',
  MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? '0',
};
// `--incremental`: Astro records each post and listing page in its cache and a later
// `--incremental` build copies unchanged ones instead of rendering them (see astro.config.mjs).
// Off by default: the recording costs a clean build about 1 s per 1,000 posts, and CI builds
// clean.
const incremental = process.argv.includes('--incremental');
const buildStarted = new Date();
runStep('astro build', [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
  ASTRO_OUT_DIR: staged,
  ASTRO_INCREMENTAL_BUILD: incremental ? '1' : '0',
  ...nativeAllocatorEnv,
});
let stepStarted = performance.now();
/** Prints how long the step that just ended took. */
const logStep = (label: string) => {
  console.log(`${label} in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
  stepStarted = performance.now();
};
const built = readBuiltSite(staged);
const redirects = readSiteRedirects(root, listCategorySlugs(built));
// A step whose inputs are those of the last published build is not run again: the search
// bundle is taken from dist/, and the link check's verdict (no problem) still holds.
const searchDigest = digestSearchInput(built.pages);
let searchDone: Promise<{ summary: SearchIndexSummary | 'reused' } | { error: unknown }>;
if (canReuseSearchBundle(readStepRecord(searchIndexRecord), searchDigest, target)) {
  reuseSearchBundle(target, staged);
  searchDone = Promise.resolve({ summary: 'reused' });
} else {
  // Pagefind reads only the pages with a searchable body (hard links in .build/search-pages), and
  // indexes in its own process while this one checks the links: the two overlap.
  linkSearchablePages(staged, built.pages, searchPages);
  const search = await startSiteIndex(staged, { pagesDir: searchPages }).catch((error: unknown) => {
    console.error(error);
    return failBuild('search indexing');
  });
  searchDone = search.finished.then(
    (summary) => ({ summary }),
    (error: unknown) => ({ error }),
  );
}
const linkDigest = digestLinkCheckInput(built, site.url, redirects, wordpressQueryRedirects);
const linksUnchanged = readStepRecord(linkCheckRecord)?.digest === linkDigest;
const scanned = linksUnchanged
  ? undefined
  : scanPages(built.pages, readPageScanStore(pageScansFile));
const linkProblems = scanned
  ? [
      ...checkSiteLinks(built, site.url, redirects, scanned.scans),
      ...checkRedirects(built, redirects, wordpressQueryRedirects, scanned.scans),
    ]
  : [];
if (linkProblems.length > 0) {
  console.error(
    `\nBroken internal links or redirects (page: link — problem):\n${formatProblems(linkProblems)}`,
  );
  // Pagefind is still writing into the staging folder: let it finish before that is removed.
  await searchDone;
  failBuild('the link check');
}
/** How the link check went, for its log line. */
function describeLinkCheck(): string {
  if (!scanned) return ' (the same pages as the last build: its check holds)';
  const kept = built.pages.length - scanned.parsed;
  return kept > 0 ? ` (${kept} unchanged since the last build, not parsed again)` : '';
}
logStep(`Checked internal links of ${built.pages.length} pages${describeLinkCheck()}`);
// For hosts without nginx (Netlify, Cloudflare Pages): the same table as a `_redirects` file.
writeRedirectsFile(staged, redirects, wordpressQueryRedirects);
const searched = await searchDone;
rmSync(searchPages, { recursive: true, force: true });
if ('error' in searched) {
  console.error(searched.error);
  failBuild('search indexing');
}
logStep(
  searched.summary === 'reused'
    ? 'Search index: the same searchable pages as the last build, its index reused'
    : `Search index: ${searched.summary.pageCount} pages (built while the links were checked)`,
);
await replaceDirectory(staged, target);
logStep(`Published the built site to ${target}`);
// Recorded only now that dist/ holds what they describe.
writeStepRecord(linkCheckRecord, { digest: linkDigest });
if (scanned) writePageScanStore(pageScansFile, scanned.store);
// Compiles this build did not use (a post edited or removed since) go.
pruneMdxCache(mdxCache, buildStarted);
writeStepRecord(searchIndexRecord, { digest: searchDigest, output: digestSearchBundle(target) });
