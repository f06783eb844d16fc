/**
 * `npm run import:wordpress -- <export.xml>… [--dry-run] [--force] [--prune]
 * [--out-report FILE] [--media-dir DIR] [--no-download]` moves a WordPress export
 * (WXR 1.0–1.2; every file of an export split into several, in one run) into
 * src/content/: posts, pages, categories, tags, authors, comments, and its media
 * into public/media/wordpress/, with a report of everything that did not convert.
 * Nothing is written when any item is bad, nor when the run would remove files
 * of the last import that the export no longer has, unless `--prune` says to.
 * Logic: src/import/wordpress/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_REPORT_PATH,
  ImportError,
  importWordPress,
} from '../src/import/wordpress/import.ts';
import { renderImportReport, summarizeImport } from '../src/import/wordpress/report.ts';
import { WxrError } from '../src/import/wordpress/wxr.ts';
import { site } from '../src/site.ts';

const root = resolve(import.meta.dirname, '..');
const usage =
  'Usage: npm run import:wordpress -- <export.xml> [more export files of the same blog…] [--dry-run] [--force] [--prune] [--out-report FILE] [--media-dir DIR] [--no-download]';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      // Remove the last import's files that the export no longer has (trashed or deleted posts).
      prune: { type: 'boolean', default: false },
      'out-report': { type: 'string' },
      'media-dir': { type: 'string' },
      'no-download': { type: 'boolean', default: false },
      // For tests and slow old hosts: per-request timeout (ms) and size cap (bytes).
      'media-timeout': { type: 'string' },
      'media-max-bytes': { type: 'string' },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(1);
}
const exportFiles = parsed.positionals.map((file) => resolve(process.cwd(), file));
if (exportFiles.length === 0) {
  console.error(usage);
  process.exit(1);
}
const repeated = exportFiles.find((file, index) => exportFiles.indexOf(file) !== index);
if (repeated !== undefined) {
  console.error(`${repeated} is given twice: give each export file once\n${usage}`);
  process.exit(1);
}

const dryRun = parsed.values['dry-run'] ?? false;

/** A positive whole-number option, or undefined when absent; exits on anything else. */
function readPositive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive whole number, not "${text}"\n${usage}`);
    process.exit(1);
  }
  return value;
}
let report;
try {
  report = await importWordPress({
    exportPaths: exportFiles,
    projectRoot: root,
    timeZone: site.timeZone,
    dryRun,
    force: parsed.values.force ?? false,
    prune: parsed.values.prune ?? false,
    media: {
      mediaDir:
        parsed.values['media-dir'] === undefined
          ? undefined
          : resolve(process.cwd(), parsed.values['media-dir']),
      download: !(parsed.values['no-download'] ?? false),
      timeoutMs: readPositive('media-timeout', parsed.values['media-timeout']),
      maxBytes: readPositive('media-max-bytes', parsed.values['media-max-bytes']),
    },
    onProgress: (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\rConverted ${done} / ${total}`);
      else if (done === total || done % 1000 === 0) console.error(`Converted ${done} / ${total}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
} catch (error) {
  if (error instanceof ImportError || error instanceof WxrError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// A dry run writes nothing unless a report file is asked for.
const reportOption = parsed.values['out-report'];
const reportPath =
  reportOption !== undefined
    ? resolve(process.cwd(), reportOption)
    : dryRun
      ? undefined
      : resolve(root, DEFAULT_REPORT_PATH);
if (reportPath) {
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, renderImportReport(report));
}
for (const line of summarizeImport(report, reportPath)) console.log(line);
