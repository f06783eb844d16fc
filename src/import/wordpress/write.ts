/**
 * The import's last stage: the staged files moved into the project, keeping
 * every file edited by hand since the last import (the manifest holds what
 * the import wrote, by content hash) unless forced, and the manifest updated.
 * A file the last import wrote that this one does not is removed when the
 * export marks its post as trashed; otherwise (the post was deleted since,
 * lost its last comment, or is in a file of a split export not given this
 * time) only with `--prune`, and without it such a run is refused before
 * anything is written. A file edited by hand is never removed: it is kept and
 * listed. Every check that can fail runs
 * before the first file moves: checkStagedFiles before media are fetched,
 * publishStagedFiles again before it moves anything.
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

/** The manifest of the last import, or an empty one; throws ImportError when it is not one. */
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
  /** Written by the last import, not by this one, and not edited since: removed (with `--prune`). */
  readonly removed: string[];
  /** Written by the last import, not by this one, but edited by hand since: kept. */
  readonly keptNotImported: string[];
}

/** What is checked before anything is written. */
export interface CheckOptions {
  /** The folder holding the files, at their project-relative paths. */
  readonly staging: string;
  readonly projectRoot: string;
  /** Remove the last import's files this run does not write (posts trashed or deleted since). */
  readonly prune: boolean;
  /**
   * Files of posts and pages the export itself marks as trashed: removed
   * without `--prune`, since the export says they are gone (only a file the
   * export does not mention at all may be in a part of it not given).
   */
  readonly retired?: ReadonlySet<string> | undefined;
  /** Decide and report, write nothing: removals are listed, never refused. */
  readonly dryRun: boolean;
}

/** How the staged files are moved. */
export interface PublishOptions extends CheckOptions {
  /** Overwrite files edited by hand since the last import. */
  readonly force: boolean;
  /** True for a file the project ships that no import wrote and nobody edited (it may be replaced). */
  readonly isPristine: (file: string, existing: string) => boolean;
  /** A folder of media files at their project-relative paths, moved in with the rest. */
  readonly mediaStaging?: string | undefined;
}

/** The last import's files that this run does not stage, by what becomes of them. */
interface Leftovers {
  /** Unedited since: removed with `--prune`. */
  readonly removed: string[];
  /** Edited by hand since, and the comment archives of posts so kept: kept. */
  readonly keptNotImported: string[];
  /** No longer in the project: dropped from the manifest. */
  readonly gone: string[];
}

/** Sorts the files the manifest lists and `staged` lacks; see Leftovers. */
function findLeftovers(
  manifest: Readonly<Record<string, string>>,
  staged: ReadonlySet<string>,
  projectRoot: string,
): Leftovers {
  const leftovers: Leftovers = { removed: [], keptNotImported: [], gone: [] };
  for (const file of Object.keys(manifest).sort()) {
    if (staged.has(file)) continue;
    const target = join(projectRoot, file);
    if (!existsSync(target)) leftovers.gone.push(file);
    else if (manifest[file] === hashText(readFileSync(target, 'utf8')))
      leftovers.removed.push(file);
    else leftovers.keptNotImported.push(file);
  }
  // A post kept because it was edited by hand keeps its comment archive too.
  const keptPosts = new Set(leftovers.keptNotImported.filter((file) => file.endsWith('.md')));
  const isKeptArchive = (file: string) =>
    file.endsWith(COMMENT_ARCHIVE_SUFFIX) &&
    keptPosts.has(file.slice(0, -COMMENT_ARCHIVE_SUFFIX.length) + '.md');
  return {
    ...leftovers,
    removed: leftovers.removed.filter((file) => !isKeptArchive(file)),
    keptNotImported: [
      ...leftovers.keptNotImported,
      ...leftovers.removed.filter(isKeptArchive),
    ].sort(),
  };
}

/** What a post's comment archive adds to the post's file name, for `wp-<ID>.md`. */
const COMMENT_ARCHIVE_SUFFIX = '.comments.json';

/** How many files a refusal names before "and N more". */
const LISTED_REMOVALS = 5;

/**
 * Refuses a run that would remove files of the last import that the export
 * does not mark as trashed, unless pruning (or only trying).
 */
function refuseRemovals(candidates: readonly string[], options: CheckOptions): void {
  const removed = candidates.filter((file) => !options.retired?.has(file));
  if (removed.length === 0 || options.prune || options.dryRun) return;
  const listed = removed.slice(0, LISTED_REMOVALS).map((file) => `- ${file}`);
  if (removed.length > LISTED_REMOVALS)
    listed.push(
      `- and ${removed.length - LISTED_REMOVALS} more (--dry-run --out-report FILE lists them all)`,
    );
  throw new ImportError(
    [
      `nothing was imported: the last import wrote ${removed.length} file${removed.length === 1 ? '' : 's'} that this export no longer has, and this run would remove ${removed.length === 1 ? 'it' : 'them'}:`,
      ...listed,
      'If the export was split into several files, give every file of it in one run.',
      'If those posts were deleted on the old blog, pass --prune to remove them.',
    ].join('\n'),
  );
}

/**
 * Every check publishStagedFiles makes before it writes, for a caller that
 * must know before it writes anything of its own (media): the manifest is
 * readable, and the run removes no file of the last import unless pruning.
 * Throws ImportError.
 */
export function checkStagedFiles(options: CheckOptions): void {
  const manifest = readManifest(options.projectRoot);
  const staged = new Set(listFiles(options.staging));
  refuseRemovals(findLeftovers(manifest, staged, options.projectRoot).removed, options);
}

/** Moves every file below `from` to the same path below `to`. */
function moveFiles(from: string, to: string): void {
  for (const file of listFiles(from)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    renameSync(join(from, file), join(to, file));
  }
}

/**
 * Moves every staged file (and staged media) into place; see the module
 * comment. Everything is decided and checked first, so a refusal writes
 * nothing.
 */
export function publishStagedFiles(options: PublishOptions): PublishedFiles {
  const { staging } = options;
  const manifest = readManifest(options.projectRoot);
  const nextManifest: Record<string, string> = { ...manifest };
  const staged = listFiles(staging).sort();
  const leftovers = findLeftovers(manifest, new Set(staged), options.projectRoot);
  refuseRemovals(leftovers.removed, options);
  const files: PublishedFiles = {
    written: [],
    unchanged: [],
    keptEdited: [],
    removed: leftovers.removed,
    keptNotImported: leftovers.keptNotImported,
  };
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
  }
  for (const file of [...leftovers.removed, ...leftovers.gone]) delete nextManifest[file];
  if (options.dryRun) return files;

  // Media first: a post never names a file that is not there yet.
  if (options.mediaStaging !== undefined) moveFiles(options.mediaStaging, options.projectRoot);
  for (const file of files.written) {
    const target = join(options.projectRoot, file);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, file), target);
  }
  for (const file of files.removed) rmSync(join(options.projectRoot, file));
  const manifestPath = join(options.projectRoot, MANIFEST_PATH);
  mkdirSync(dirname(manifestPath), { recursive: true });
  writeFileSync(manifestPath, `${JSON.stringify({ version: 1, files: nextManifest }, null, 2)}\n`);
  return files;
}
