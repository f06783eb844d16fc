/**
 * `npm run bench -- --posts 1000 [--format mdx|md]`: generates N synthetic posts into a
 * temporary copy of the project, runs a clean `npm run build` there, and prints
 * wall time, peak memory (the whole process tree, PSS), pages written, output size
 * and what a post page weighs. A benchmark, not a test: it prints figures.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureTreeMemory } from './lib/process-memory.ts';
import { copyProject } from './lib/project-copy.ts';
import { listFiles, measurePageWeight, measureSite } from './lib/site-size.ts';
import { composeSyntheticPost } from './lib/synthetic-posts.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'mdx' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
const format = values.format;
if (!Number.isInteger(count) || count < 1 || (format !== 'mdx' && format !== 'md')) {
  console.error(
    'Usage: npm run bench -- --posts N [--format mdx|md] [--keep]   (N a positive integer)',
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
progress(`generated ${count} posts in ${work}\n`);

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
const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
if (values.keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
