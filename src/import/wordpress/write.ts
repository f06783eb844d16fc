/**
 * The import's last stage: the staged files moved into the project, keeping
 * every file edited by hand since the last import (the manifest holds what
 * the import wrote, by content hash) unless forced, and the manifest updated.
 * A file the last import wrote that this one does not (the post was trashed
 * or deleted since, or lost its last comment) is removed, unless it was
 * edited by hand: then it is kept and listed.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ImportError } from './import-error.ts';

/** The manifest of what the import wrote (path → SHA-256), to spot hand edits. */
export const MANIFEST_PATH = 'src/content/wordpress-import.json';

/** SHA-256 of a text, hex. */
function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest of the last import, or an empty one. */
function readManifest(projectRoot: string): Record<string, string> {
  const path = join(projectRoot, MANIFEST_PATH);
  if (!existsSync(path)) return {};
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, string> }).files;
  } catch (error) {
    throw new ImportError(
      `${MANIFEST_PATH} is not the manifest this importer writes; move it away and import again`,
      {
        cause: error,
      },
    );
  }
}

/** Every file below a folder, relative to it. */
function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

/** What the move did with each staged file (paths relative to the project). */
export interface PublishedFiles {
  readonly written: string[];
  readonly unchanged: string[];
  readonly keptEdited: string[];
  /** Written by the last import, not by this one, and not edited since: removed. */
  readonly removed: string[];
  /** Written by the last import, not by this one, but edited by hand since: kept. */
  readonly keptNotImported: string[];
}

/** How the staged files are moved. */
export interface PublishOptions {
  /** The folder holding the files, at their project-relative paths. */
  readonly staging: string;
  readonly projectRoot: string;
  /** Overwrite files edited by hand since the last import. */
  readonly force: boolean;
  /** Decide and report, write nothing. */
  readonly dryRun: boolean;
  /** True for a file the project ships that no import wrote and nobody edited (it may be replaced). */
  readonly isPristine: (file: string, existing: string) => boolean;
}

/** Moves every staged file into place; see the module comment. */
export function publishStagedFiles(options: PublishOptions): PublishedFiles {
  const { staging } = options;
  const manifest = readManifest(options.projectRoot);
  const nextManifest: Record<string, string> = { ...manifest };
  const files = {
    written: [] as string[],
    unchanged: [] as string[],
    keptEdited: [] as string[],
    removed: [] as string[],
    keptNotImported: [] as string[],
  };
  const staged = listFiles(staging).sort();
  for (const file of staged) {
    const text = readFileSync(join(staging, file), 'utf8');
    const target = join(options.projectRoot, file);
    const existing = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (existing === text) {
      files.unchanged.push(file);
      nextManifest[file] = hashText(text);
      continue;
    }
    const pristine = existing !== undefined && options.isPristine(file, existing);
    const editedByHand =
      existing !== undefined && !pristine && manifest[file] !== hashText(existing);
    if (editedByHand && !options.force) {
      files.keptEdited.push(file);
      continue;
    }
    files.written.push(file);
    nextManifest[file] = hashText(text);
    if (!options.dryRun) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, file), target);
    }
  }
  const stagedSet = new Set(staged);
  for (const file of Object.keys(manifest).sort()) {
    if (stagedSet.has(file)) continue;
    const target = join(options.projectRoot, file);
    if (!existsSync(target)) {
      delete nextManifest[file];
    } else if (manifest[file] === hashText(readFileSync(target, 'utf8'))) {
      files.removed.push(file);
      delete nextManifest[file];
      if (!options.dryRun) rmSync(target);
    } else {
      files.keptNotImported.push(file);
    }
  }
  if (!options.dryRun) {
    const manifestPath = join(options.projectRoot, MANIFEST_PATH);
    mkdirSync(dirname(manifestPath), { recursive: true });
    writeFileSync(
      manifestPath,
      `${JSON.stringify({ version: 1, files: nextManifest }, null, 2)}\n`,
    );
  }
  return files;
}
