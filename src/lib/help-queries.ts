/**
 * The one place help pages and sections are read from the content
 * collections; pages, layouts and the sidebar ask this module and never sort
 * entries themselves. The tree is built once per build (per request in dev).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from '../site.ts';
import { findRedirectProblems, formatRedirectProblems } from '../redirects/redirect-table.ts';
import { legacyRedirects } from '../data/legacy-redirects.ts';
import { buildHelpTree, HELP_CONTENT_DIR, listHelpRedirects, type HelpTree } from './help-tree.ts';

/** A help collection entry. */
export type HelpEntry = CollectionEntry<'help'>;

/** The help tree and each page's collection entry. */
export interface HelpCenter {
  readonly tree: HelpTree;
  readonly entries: ReadonlyMap<string, HelpEntry>;
}

let cached: Promise<HelpCenter> | undefined;

/** The repository path of a help page's file. */
function findEntryFile(entry: HelpEntry | undefined, id: string): string {
  return entry?.filePath ?? `${HELP_CONTENT_DIR}/${id}.mdx`;
}

/** Loads the collections, builds the tree and checks every `redirectFrom` against pages and legacy rules. */
async function loadHelpCenter(): Promise<HelpCenter> {
  const [entries, sections] = await Promise.all([
    getCollection('help'),
    getCollection('helpSections'),
  ]);
  const tree = buildHelpTree(
    entries.map((entry) => ({ id: entry.id, ...entry.data })),
    sections.map((section) => ({ id: section.id, ...section.data })),
  );
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const pagePaths = new Set([
    tree.root.path,
    ...tree.pages.map((page) => page.path),
    ...tree.sections.map((section) => section.path),
  ]);
  // Legacy rules take part so a redirectFrom can neither repeat nor chain onto one.
  const rules = [
    ...legacyRedirects
      .filter((rule) => rule.match === 'exact')
      .map((rule) => ({ from: rule.from, to: rule.to, origin: 'src/data/legacy-redirects.ts' })),
    ...listHelpRedirects(
      entries.map((entry) => ({ id: entry.id, redirectFrom: entry.data.redirectFrom })),
      (id) => findEntryFile(byId.get(id), id),
    ),
  ];
  const problems = findRedirectProblems(rules, pagePaths);
  if (problems.length > 0) {
    throw new Error(`Help page redirects (${site.url}):\n${formatRedirectProblems(problems)}`);
  }
  return { tree, entries: byId };
}

/** The help center, computed once per build: every page renders from this one tree. */
export function getHelpCenter(): Promise<HelpCenter> {
  if (import.meta.env.DEV) return loadHelpCenter();
  cached ??= loadHelpCenter();
  return cached;
}
