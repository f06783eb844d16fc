/**
 * `npm run bench -- --posts 1000 [--format mdx|md] [--light] [--runs N] [--help-pages M]
 * [--no-rebuild] [--profile] [--keep]`: generates N synthetic posts (realistic ones by
 * default, as issue 13 describes them; `--light` for the short ones) into a temporary copy
 * of the project, runs N clean `npm run build`s there, then a rebuild with nothing changed,
 * then with `--incremental` a recording build, a rebuild with nothing changed and one after
 * editing one post, and prints medians: wall time, where the time went (phases
 * from the log, Astro's per-page times by route kind, link check, search index, publish),
 * peak memory (the largest single process's peak RSS as GNU time reports it, and the whole
 * tree's summed PSS), pages written, output size and what a post page weighs. With help
 * pages, also the render time per help page for the first and the last tenth of them.
 * `--profile` runs every Node process with `--cpu-prof` into <copy>/profiles (kept).
 * A benchmark, not a test: it prints figures.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  findMedian,
  measureBuildPhases,
  measureRouteTimes,
  type TimedLine,
} from './lib/build-log.ts';
import { measureLargestProcessPeak, measureTreeMemory } from './lib/process-memory.ts';
import { writeAstroStarter } from './lib/astro-starter.ts';
import { copyProject } from './lib/project-copy.ts';
import {
  listFiles,
  measureHelpPageTimes,
  measurePageWeight,
  measureSite,
} from './lib/site-size.ts';
import {
  composeRealisticPost,
  composeSyntheticHelpCenter,
  composeSyntheticPost,
} from './lib/synthetic-posts.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'mdx' },
    light: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    'help-pages': { type: 'string', default: '0' },
    rebuild: { type: 'boolean', default: true },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    starter: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const count = Number(values.posts);
const runs = Number(values.runs);
const format = values.format;
const helpCount = Number(values['help-pages']);
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(helpCount) ||
  helpCount < 0 ||
  (format !== 'mdx' && format !== 'md')
) {
  console.error(
    'Usage: npm run bench -- --posts N [--format mdx|md] [--light] [--runs R] [--help-pages M] [--no-rebuild] [--starter] [--profile] [--keep]',
  );
  process.exit(1);
}

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'weblog-bench-'));
const MiB = 1024 * 1024;
const progress = (line: string) => process.stdout.write(`\r\x1b[2K${line}`);
const compose = values.light ? composeSyntheticPost : composeRealisticPost;

copyProject(root, work);
// `--starter`: Astro's blog starter (a stand-in: scripts/lib/astro-starter.ts) gets the same posts,
// in a folder beside the copy (inside it, it would be part of this project's tree).
const starterDir = `${work}-starter`;
const starterPosts = values.starter ? writeAstroStarter(root, starterDir).postsDir : undefined;
const posts: { fileName: string; path: string }[] = [];
for (let index = 0; index < count; index++) {
  const post = compose(index, count, format);
  posts.push(post);
  writeFileSync(join(work, 'src/content/news', post.fileName), post.content);
  if (starterPosts) writeFileSync(join(starterPosts, post.fileName), post.content);
  if (index % 250 === 0 || index === count - 1) progress(`generating posts ${index + 1}/${count}`);
}
for (const file of helpCount > 0 ? composeSyntheticHelpCenter(helpCount) : []) {
  mkdirSync(dirname(join(work, file.path)), { recursive: true });
  writeFileSync(join(work, file.path), file.content);
}
progress(`generated ${count} posts and ${helpCount} help pages in ${work}\n`);

/** One build's figures. */
interface BuildRun {
  readonly ms: number;
  readonly treePss: number;
  readonly largestRss: number;
  readonly lines: TimedLine[];
}

/** Removes everything a build in `dir` leaves behind, so the next build starts clean. */
function removeBuildOutput(dir = work): void {
  for (const path of ['dist', '.build', '.astro', 'node_modules/.astro', 'node_modules/.vite'])
    rmSync(join(dir, path), { recursive: true, force: true });
}

/** What a build runs: this project's `scripts/build-site.ts` in the copy, or `astro build` in the starter. */
interface BuildCommand {
  readonly cwd: string;
  readonly script: string;
  /** Where pages appear while it runs (for the progress line). */
  readonly output: string;
}
const projectBuild: BuildCommand = {
  cwd: work,
  script: join(work, 'scripts/build-site.ts'),
  // scripts/build-site.ts stages into .build/dist-staging.
  output: join(work, '.build', 'dist-staging'),
};
const starterBuild: BuildCommand = {
  cwd: starterDir,
  script: join(starterDir, 'node_modules/astro/bin/astro.mjs'),
  output: join(starterDir, 'dist'),
};

/** Runs a build (the project's by default), sampling memory every 200 ms. */
async function runBuild(
  label: string,
  args: string[] = [],
  command: BuildCommand = projectBuild,
): Promise<BuildRun> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (values.profile)
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${join(work, 'profiles', label)}`;
  const child = spawn(process.execPath, [command.script, ...args], {
    cwd: command.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const lines: TimedLine[] = [];
  let pending = '';
  const collect = (chunk: Buffer) => {
    const atMs = performance.now() - started;
    const parts = (pending + chunk.toString()).split('\n');
    pending = parts.pop()!;
    for (const text of parts) lines.push({ atMs, text: text.replace(/^\d\d:\d\d:\d\d /, '') });
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let treePss = 0;
  let largestRss = 0;
  let pagesSoFar = 0;
  let ticks = 0;
  const staged = command.output;
  const timer = setInterval(() => {
    if (child.pid) {
      treePss = Math.max(treePss, measureTreeMemory(child.pid));
      largestRss = Math.max(largestRss, measureLargestProcessPeak(child.pid));
    }
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
      `${label}: ${seconds} s, ${pagesSoFar} pages written, largest process ${(largestRss / MiB).toFixed(0)} MiB`,
    );
  }, 200);
  const status: number | null = await new Promise((done) => child.on('close', done));
  clearInterval(timer);
  const ms = performance.now() - started;
  if (pending) lines.push({ atMs: ms, text: pending });
  progress(`${label}: ${(ms / 1000).toFixed(1)} s\n`);
  if (values.keep || values.profile)
    writeFileSync(
      join(work, `${label.replace(/\W+/g, '-')}.log`),
      lines.map((line) => line.text).join('\n'),
    );
  if (status !== 0) {
    const tail = lines.map((line) => line.text).join('\n');
    console.error(`The build failed (exit ${status}); its output:\n${tail.slice(-4000)}`);
    process.exit(1);
  }
  return { ms, treePss, largestRss, lines };
}

const clean: BuildRun[] = [];
const starter: BuildRun[] = [];
// With --starter the two alternate, so both see the same machine.
for (let run = 1; run <= runs; run++) {
  removeBuildOutput();
  clean.push(await runBuild(`clean build ${run}/${runs}`));
  if (!values.starter) continue;
  removeBuildOutput(starterDir);
  starter.push(await runBuild(`Astro blog starter ${run}/${runs}`, ['build'], starterBuild));
}
/** Rebuild timings: with the content cache only, then with `--incremental`. */
const rebuilds: [string, BuildRun][] = [];
if (values.rebuild) {
  rebuilds.push(['rebuild, nothing changed', await runBuild('rebuild, nothing changed')]);
  removeBuildOutput();
  const incremental = ['--incremental'];
  rebuilds.push([
    'clean build with --incremental (records pages)',
    await runBuild('clean build, incremental', incremental),
  ]);
  rebuilds.push([
    'rebuild --incremental, nothing changed',
    await runBuild('incremental rebuild, nothing changed', incremental),
  ]);
  const middle = posts[Math.floor(count / 2)]!;
  appendFileSync(
    join(work, 'src/content/news', middle.fileName),
    '\nOne more sentence, added to measure a rebuild after a small edit.\n',
  );
  rebuilds.push([
    'rebuild --incremental, one post edited',
    await runBuild('incremental rebuild, one post edited', incremental),
  ]);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (pick: (run: BuildRun) => number) => findMedian(clean.map(pick));
const dist = join(work, 'dist');
const site = measureSite(dist);
const post = measurePageWeight(dist, posts[0]!.path);
const rows: [string, string][] = [
  [
    'posts',
    `${count} ${values.light ? 'light' : 'realistic'} .${format} + the seed posts, ${runs} clean build(s)`,
  ],
  ['clean build, wall time (median)', seconds(median((run) => run.ms))],
];
const phases = clean.map((run) => measureBuildPhases(run.lines, run.ms));
for (const phase of Object.keys(phases[0]!).filter((name) => name !== 'total'))
  rows.push([`  ${phase}`, seconds(findMedian(phases.map((each) => each[phase] ?? 0)))]);
// Pages render several at a time (build.concurrency), so Astro's per-page times overlap: each
// route kind is given its share of the page generation's wall time.
const routes = clean.map((run) => measureRouteTimes(run.lines));
const pageWall = findMedian(phases.map((each) => each['page generation'] ?? 0));
const routeMs = Object.fromEntries(
  Object.keys(routes[0]!).map((kind) => [
    kind,
    findMedian(routes.map((each) => each[kind]?.ms ?? 0)),
  ]),
);
const routeTotal = Object.values(routeMs).reduce((sum, ms) => sum + ms, 0);
for (const kind of Object.keys(routeMs).sort()) {
  const ms = routeMs[kind]!;
  const share = routeTotal > 0 ? (ms / routeTotal) * pageWall : 0;
  rows.push([
    `  pages: ${kind} (share of page generation)`,
    `${seconds(share)} for ${routes[0]![kind]!.pages} pages (Astro's overlapping per-page times: ${seconds(ms)})`,
  ]);
}
if (values.starter) {
  const starterPages = listFiles(join(starterDir, 'dist')).filter((file) =>
    file.endsWith('.html'),
  ).length;
  rows.push([
    'Astro blog starter, same posts (median)',
    `${seconds(findMedian(starter.map((run) => run.ms)))}, largest process ${(findMedian(starter.map((run) => run.largestRss)) / MiB).toFixed(0)} MiB, ${starterPages} pages, no link check or search index`,
  ]);
}
rows.push(
  [
    'peak memory, largest process (max RSS, median)',
    `${(median((run) => run.largestRss) / MiB).toFixed(0)} MiB`,
  ],
  [
    'peak memory, process tree (PSS, median)',
    `${(median((run) => run.treePss) / MiB).toFixed(0)} MiB`,
  ],
  ['per post (clean median / posts)', `${(median((run) => run.ms) / count).toFixed(1)} ms`],
);
for (const [label, run] of rebuilds) {
  const phases = measureBuildPhases(run.lines, run.ms);
  rows.push([
    label,
    `${seconds(run.ms)} (pages ${seconds(phases['page generation'] ?? 0)}, search index ${seconds(phases['search index'] ?? 0)})`,
  ]);
}
rows.push(
  ['pages written', String(site.pages)],
  ['output size', `${(site.bytes / MiB).toFixed(1)} MiB`],
  [
    'post page, gzipped HTML + CSS + JS',
    `${((post.html + post.css + post.js) / 1024).toFixed(1)} KiB (${post.scripts} scripts)`,
  ],
  ['machine', `${cpus().length} cores, Node ${process.version}`],
);
if (helpCount > 0) {
  const help = measureHelpPageTimes(clean[0]!.lines.map((line) => line.text).join('\n'));
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
if (values.keep || values.profile)
  console.log(`kept ${work}${values.starter ? ` and ${starterDir}` : ''}`);
else for (const dir of [work, starterDir]) rmSync(dir, { recursive: true, force: true });
