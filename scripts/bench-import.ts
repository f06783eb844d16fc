/**
 * `npm run bench:import -- --posts 10000 [--keep]`: writes a synthetic WordPress
 * export of N posts (several hundred words each, with the odd cases real exports
 * have; see scripts/lib/synthetic-wxr.ts) and imports it into a temporary copy of
 * the project, printing wall time, peak resident memory (sampled every 100 ms),
 * and the heap still in use after a full garbage collection every 1,000 entries:
 * the figure that shows whether memory grows with the export. Run it at two sizes.
 * A benchmark, not a test. (Runs with --expose-gc; see package.json.)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importWordPress } from '../src/import/wordpress/import.ts';
import { summarizeImport } from '../src/import/wordpress/report.ts';
import { site } from '../src/site.ts';
import { copyProject } from './lib/project-copy.ts';
import { writeSyntheticWxr } from './lib/synthetic-wxr.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
if (!Number.isInteger(count) || count < 1) {
  console.error('Usage: npm run bench:import -- --posts N [--keep]   (N a positive integer)');
  process.exit(1);
}
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) {
  console.error('Run through `npm run bench:import`, which starts Node with --expose-gc.');
  process.exit(1);
}

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'bench-import-'));
const MiB = 1024 * 1024;
try {
  copyProject(root, work);
  const exportPath = join(work, 'export.xml');
  await writeSyntheticWxr(exportPath, count);
  const size = statSync(exportPath).size;
  collect();
  const baseline = process.memoryUsage().heapUsed;
  let peakRss = 0;
  let retained = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const report = await importWordPress({
    exportPaths: [exportPath],
    projectRoot: work,
    timeZone: site.timeZone,
    onProgress: (done) => {
      if (done % 1000 !== 0) return;
      collect();
      retained = Math.max(retained, process.memoryUsage().heapUsed);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  for (const line of summarizeImport(report, undefined)) console.log(line);
  console.table({
    posts: count,
    'export size': `${(size / MiB).toFixed(1)} MiB`,
    'import time': `${seconds.toFixed(1)} s`,
    'per 1,000 posts': `${((seconds / count) * 1000).toFixed(2)} s`,
    'peak resident memory': `${(peakRss / MiB).toFixed(0)} MiB`,
    'heap in use after GC (largest, every 1,000 entries)': `${(retained / MiB).toFixed(0)} MiB`,
    'heap before the import': `${(baseline / MiB).toFixed(0)} MiB`,
  });
} finally {
  if (values.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
