/**
 * `npm run bench -- --posts 1000 [--format mdx|md] [--help-pages 500]`: generates N
 * synthetic posts (and optionally a help center of M pages in ten sections) into a
 * temporary copy of the project, runs a clean `npm run build` there, and prints
 * wall time, peak memory (the whole process tree, PSS), pages written, output size
 * and what a post page weighs; with help pages, also the render time per help page
 * (from Astro's per-page log) for the first and the last tenth of them, which
 * stays flat when the sidebar is computed once. A benchmark, not a test: it prints figures.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureTreeMemory } from './lib/process-memory.ts';
import { copyProject } from './lib/project-copy.ts';
import { listFiles, measurePageWeight, measureSite } from './lib/site-size.ts';
import { composeSyntheticHelpCenter, composeSyntheticPost } from './lib/synthetic-posts.ts';
import { measureHelpPageTimes } from './lib/site-size.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'mdx' },
    'help-pages': { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
const format = values.format;
const helpCount = Number(values['help-pages']);
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(helpCount) ||
  helpCount < 0 ||
  (format !== 'mdx' && format !== 'md')
) {
  console.error(
    'Usage: npm run bench -- --posts N [--format mdx|md] [--help-pages M] [--keep]   (N a positive integer, M a whole number)',
  );
  process.exit(1);
}

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'weblog-bench-'));
const MiB = 1024 * 1024;
const progress = (line: string) => process.stdout.write(`\r\x1b[2K${line}`);

copyProject(root, work);
let first = '';
for (let index = 0; index < count; index++) {
  const post = composeSyntheticPost(index, count, format);
  if (index === 0) first = post.path;
  writeFileSync(join(work, 'src/content/news', post.fileName), post.content);
  if (index % 250 === 0 || index === count - 1) progress(`generating posts ${index + 1}/${count}`);
}
for (const file of helpCount > 0 ? composeSyntheticHelpCenter(helpCount) : []) {
  mkdirSync(dirname(join(work, file.path)), { recursive: true });
  writeFileSync(join(work, file.path), file.content);
}
progress(`generated ${count} posts and ${helpCount} help pages in ${work}\n`);

const started = performance.now();
const child = spawn(process.execPath, [join(work, 'scripts/build-site.ts')], {
  cwd: work,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NO_COLOR: '1' },
});
let log = '';
child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
let peak = 0;
let pagesSoFar = 0;
let ticks = 0;
// scripts/build-site.ts stages into .build/dist-<its pid>.
const staged = join(work, '.build', `dist-${child.pid}`);
const timer = setInterval(() => {
  if (child.pid) peak = Math.max(peak, measureTreeMemory(child.pid));
  // Counting files is slow on big trees: once a second is enough for a progress line.
  if (ticks++ % 5 === 0 && existsSync(staged)) {
    try {
      pagesSoFar = listFiles(staged).filter((file) => file.endsWith('.html')).length;
    } catch {
      // The staging folder is renamed into dist/ at the end; the next tick reads nothing.
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress(
    `building: ${seconds} s, ${pagesSoFar} pages written, memory ${(peak / MiB).toFixed(0)} MiB`,
  );
}, 200);
const status: number | null = await new Promise((done) => child.on('close', done));
clearInterval(timer);
const seconds = (performance.now() - started) / 1000;
progress('\n');

if (status !== 0) {
  console.error(`The build failed (exit ${status}); its output:\n${log.slice(-4000)}`);
  process.exit(1);
}
const dist = join(work, 'dist');
const site = measureSite(dist);
const post = measurePageWeight(dist, first);
const rows: [string, string][] = [
  ['posts', `${count} synthetic .${format} + the seed posts`],
  ['clean build, wall time', `${seconds.toFixed(1)} s`],
  ['peak memory (process tree, PSS)', `${(peak / MiB).toFixed(0)} MiB`],
  ['pages written', String(site.pages)],
  ['output size', `${(site.bytes / MiB).toFixed(1)} MiB`],
  [
    'post page, gzipped HTML + CSS + JS',
    `${((post.html + post.css + post.js) / 1024).toFixed(1)} KiB (${post.scripts} scripts)`,
  ],
  ['machine', `${(await import('node:os')).cpus().length} cores, Node ${process.version}`],
];
if (helpCount > 0) {
  const help = measureHelpPageTimes(log);
  rows.splice(
    1,
    0,
    ['help pages', `${helpCount} synthetic in 10 sections (+ nested) + the real ones`],
    [
      'help page render time (Astro log)',
      `${help.meanMs.toFixed(1)} ms per page over ${help.pages} pages; first tenth ${help.firstTenthMs.toFixed(1)} ms, last tenth ${help.lastTenthMs.toFixed(1)} ms`,
    ],
  );
}
const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
if (values.keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
