/**
 * What a rebuild may skip. The link check and the search index are functions
 * of the built pages, a few settings and their own code: when a digest of all
 * of that equals the one recorded by the last published build, that build's
 * result still holds (no broken link; the same index, reused from `dist/`).
 * Records live in `.build/`, are written only once a build is published, and
 * a missing or unreadable record means "run the step".
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SitePage } from './checks/types.ts';

/** A digest of `parts` in order; each part is length-prefixed, so no two lists share one. */
export function digestParts(parts: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}

const pageDigests = new WeakMap<SitePage, string>();

/** A digest of a built page's HTML, computed once per page (the link check and the index both ask). */
export function digestPage(page: SitePage): string {
  let digest = pageDigests.get(page);
  if (digest === undefined) {
    digest = createHash('sha256').update(page.html).digest('hex');
    pageDigests.set(page, digest);
  }
  return digest;
}

/** The installed version of package `name` (found from its entry point), or "unknown". */
export function readPackageVersion(name: string): string {
  let folder = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      if (manifest.name === name) return String(manifest.version);
    } catch {
      // no manifest here: look further up
    }
    if (dirname(folder) === folder) return 'unknown';
    folder = dirname(folder);
  }
}

/** What a step recorded when its build was published. */
export interface StepRecord {
  /** Digest of the step's inputs. */
  readonly digest: string;
  /** Digest of what the step wrote into `dist/`, when it wrote anything (to see it is still there). */
  readonly output?: string | undefined;
}

/** The record in `file`, or undefined when there is none or it cannot be read. */
export function readStepRecord(file: string): StepRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<StepRecord>;
    return typeof record.digest === 'string' ? (record as StepRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `record` to `file`. */
export function writeStepRecord(file: string, record: StepRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}
