/**
 * `npm run audit`: builds the site, serves dist/ on a free local port and
 * prints, per page type, the Lighthouse scores (Debian's Chromium), the
 * gzipped transfer size of HTML, CSS and JS, and the request count; then the
 * budget targets each page misses. A report, not a test: it exits 1 only
 * when it cannot measure.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pageTypes } from '../src/data/page-types.ts';
import { startLocalSite } from './lib/local-site.ts';
import {
  formatAuditTable,
  listBudgetMisses,
  measureGzip,
  readFailingAudits,
  readRequests,
  readScores,
  sumTransfer,
  type LighthouseResult,
  type PageAudit,
} from './lib/site-audit.ts';

const root = resolve(import.meta.dirname, '..');
const distDir = join(root, 'dist');
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const runFile = promisify(execFile);

/** Runs Lighthouse on one URL and returns its result object. */
async function runLighthouse(url: string): Promise<LighthouseResult> {
  const cli = join(root, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const { stdout } = await runFile(
    process.execPath,
    [
      cli,
      url,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      '--only-categories=performance,accessibility,best-practices,seo',
      '--chrome-flags=--headless=new --no-sandbox',
    ],
    { env: { ...process.env, CHROME_PATH: chromePath }, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LighthouseResult;
}

/** The useful first line of a failed Lighthouse run (its stdout is a huge JSON). */
function describeFailure(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : String(error);
  return text.trim().split('\n')[0] ?? 'unknown error';
}

/** Audits one page: scores from Lighthouse, sizes by gzipping what it fetched. */
async function auditPage(origin: string, label: string, path: string): Promise<PageAudit> {
  const lhr = await runLighthouse(`${origin}${path}`);
  const requests = readRequests(lhr);
  const sizes = await Promise.all(
    requests.map(async (request) => {
      const response = await fetch(request.url);
      return measureGzip(new Uint8Array(await response.arrayBuffer()));
    }),
  );
  return {
    label,
    path,
    scores: readScores(lhr),
    gzipBytes: sumTransfer(requests, sizes),
    requestCount: requests.length,
    failingAudits: readFailingAudits(lhr),
  };
}

if (!existsSync(chromePath)) {
  console.error(`No Chromium at ${chromePath}: apt-get install chromium, or set CHROME_PATH.`);
  process.exit(1);
}
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-site.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('The build failed (see above); fix it, then run `npm run audit` again.');
  process.exit(1);
}

const site = await startLocalSite(distDir);
const audits: PageAudit[] = [];
try {
  for (const type of pageTypes) {
    const { label } = type;
    const path = 'auditPath' in type ? type.auditPath : type.path;
    process.stderr.write(`Lighthouse: ${label} (${path})…\n`);
    audits.push(await auditPage(site.origin, label, path));
  }
} catch (error) {
  console.error(`Lighthouse could not audit the site: ${describeFailure(error)}`);
  process.exitCode = 1;
} finally {
  await site.close();
}

if (audits.length === pageTypes.length) {
  console.log(formatAuditTable(audits));
  const misses = listBudgetMisses(audits);
  console.log(
    misses.length === 0
      ? '\nEvery target met.'
      : `\nTargets missed:\n${misses.map((m) => `- ${m}`).join('\n')}`,
  );
}
