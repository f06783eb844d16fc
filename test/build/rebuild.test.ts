import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

// A rebuild keeps Astro's caches (the content layer's data store and the
// incremental build's pages in node_modules/.astro, Vite's in
// node_modules/.vite): its output must be the same, byte for byte, as a build
// that starts from nothing, after editing a post's text and title and a
// component a post imports.

/** Caches and output a clean build starts without. */
const BUILD_STATE = ['dist', '.build', '.astro', 'node_modules/.astro', 'node_modules/.vite'];
const EDITED = 'src/content/news/2013-rebuild-edited.md';
/** A component a seed MDX post (2012-06-19) imports: editing it must reach that post's page. */
const COMPONENT = 'src/components/LoginTransitionTable.astro';

/** Every file of dist/ with a hash of its bytes. */
function hashDist(root: string): Record<string, string> {
  const dist = join(root, 'dist');
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    hashes[relative(dist, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return hashes;
}

/**
 * Writes the post that gets edited, titled `title` (its older neighbour's page links to it by
 * title) with `sentence` as its first paragraph (no description: its summary changes too).
 */
const writeEdited = (title: string, sentence: string) =>
  project.write(
    EDITED,
    `---\ntitle: ${title}\npubDate: 2013-05-01\nslug: a-post-that-gets-edited\ncategories: [News]\n---\n\n${sentence}\n\n## Details\n\n\`\`\`ts\nconst answer = 42;\n\`\`\`\n`,
  );

let project: TempProject;

/** Runs `npm run build` (with `args`) in the copy; `clean` removes every cache first. */
async function build(
  clean: boolean,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{
  dist: Record<string, string>;
  reused: string[];
  stepsReused: string[];
  unchangedScans: number;
  /** Whether the build read its content store from a file (src/build/content-store.ts). */
  storeFromFile: boolean;
  /** The kept MDX compiles (src/build/markdown/mdx-cache.ts) by name, with their inode: rewritten files get a new one. */
  mdxKept: Record<string, number>;
}> {
  if (clean) for (const path of BUILD_STATE) project.remove(path);
  const { status, output } = await project.run('scripts/build-site.ts', args, env);
  if (status !== 0) throw new Error(`build failed:\n${output}`);
  // Astro logs a page copied from the incremental build's cache as "(cached)" or "(restored)".
  // build-site.ts says when the link check's verdict or the search index of the last build holds.
  return {
    dist: hashDist(project.root),
    reused: [...output.matchAll(/├─ \/(\S+) \((?:cached|restored)\)/g)].map((match) => match[1]!),
    stepsReused: [
      ...(/Checked internal links .*its check holds/.test(output) ? ['link check'] : []),
      ...(/Search index: .*its index reused/.test(output) ? ['search index'] : []),
    ],
    mdxKept: Object.fromEntries(
      readdirSync(join(project.root, '.build', 'mdx')).map((name) => [
        name,
        statSync(join(project.root, '.build', 'mdx', name)).ino,
      ]),
    ),
    storeFromFile: readdirSync(join(project.root, '.build')).some((name) =>
      name.startsWith('content-store-'),
    ),
    unchangedScans: Number(
      /(\d+) unchanged since the last build, not parsed again/.exec(output)?.[1] ?? 0,
    ),
  };
}

describe.each([
  ['npm run build (content cache kept)', [], false],
  ['npm run build -- --incremental', ['--incremental'], true],
])('rebuilds with %s', (_, args, incremental) => {
  /** dist/ after a clean build, a rebuild with nothing changed, a rebuild after the edits, a clean build of the edits. */
  const built: Record<
    'clean' | 'inlineStore' | 'unchanged' | 'edited' | 'editedClean',
    Record<string, string>
  > = {
    clean: {},
    inlineStore: {},
    unchanged: {},
    edited: {},
    editedClean: {},
  };
  /** Whether the clean build with CONTENT_STORE_MODULE=inline, and the one without, read the store from a file. */
  let storeFromFile: boolean[] = [];
  /** The kept MDX compiles after the clean build and after the rebuild with nothing changed. */
  const mdxKept: Record<'clean' | 'unchanged', Record<string, number>> = {
    clean: {},
    unchanged: {},
  };
  /** How many pages the link check after the edits took as the last build scanned them. */
  let unchangedScansOnEdit = 0;
  /** The pages each rebuild copied from the incremental build's cache. */
  const reused: Record<'unchanged' | 'edited', string[]> = { unchanged: [], edited: [] };
  /** The post-build steps each build skipped. */
  const stepsReused: Record<'clean' | 'unchanged' | 'edited', string[]> = {
    clean: [],
    unchanged: [],
    edited: [],
  };

  beforeAll(async () => {
    project = createTempProject();
    project.write(
      'src/content/news/2013-rebuild-other.mdx',
      `---\ntitle: Another post\npubDate: 2013-04-01\ncategories: [News]\n---\n\nAn MDX post that stays as it is.\n`,
    );
    writeEdited('A post that gets edited', 'The first version of this sentence.');
    // Astro's own way first: the content store compiled into the build (src/build/content-store.ts).
    const inline = await build(true, args, { CONTENT_STORE_MODULE: 'inline' });
    built.inlineStore = inline.dist;
    const clean = await build(true, args);
    built.clean = clean.dist;
    storeFromFile = [inline.storeFromFile, clean.storeFromFile];
    mdxKept.clean = clean.mdxKept;
    stepsReused.clean = clean.stepsReused;
    const unchanged = await build(false, args);
    built.unchanged = unchanged.dist;
    reused.unchanged = unchanged.reused;
    mdxKept.unchanged = unchanged.mdxKept;
    stepsReused.unchanged = unchanged.stepsReused;
    writeEdited('A post that got edited', 'The second, edited version of this sentence.');
    const component = readFileSync(join(project.root, COMPONENT), 'utf8');
    project.write(
      COMPONENT,
      component.replace(
        '<table class="transition-table">',
        '<table class="transition-table edited">',
      ),
    );
    const edited = await build(false, args);
    built.edited = edited.dist;
    reused.edited = edited.reused;
    unchangedScansOnEdit = edited.unchangedScans;
    stepsReused.edited = edited.stepsReused;
    built.editedClean = (await build(true, args)).dist;
  }, 600_000);
  afterAll(() => project.dispose());

  test('reading the content store from a file builds the same dist/ as compiling it in', () => {
    expect(storeFromFile).toEqual([false, true]);
    expect(built.clean).toEqual(built.inlineStore);
  });

  test('with nothing changed, every .mdx post is taken from the kept compiles, none compiled again', () => {
    // The seed posts are .mdx, and so is one of the two added here.
    expect(Object.keys(mdxKept.clean).length).toBeGreaterThan(10);
    expect(mdxKept.unchanged).toEqual(mdxKept.clean);
  });

  test('with nothing changed, dist/ is byte-identical to the clean build', () => {
    expect(built.unchanged).toEqual(built.clean);
  });

  test(`with nothing changed, post pages are ${incremental ? 'reused' : 'rendered again'}`, () => {
    if (incremental) expect(reused.unchanged.length).toBeGreaterThan(10);
    else expect(reused.unchanged).toEqual([]);
  });

  // The second listing page shows the two oldest posts: neither edited post nor the component.
  test(`after the edits, a listing page that shows neither is ${incremental ? 'reused' : 'rendered again'}, the pages that do are rendered`, () => {
    const listing = 'page/2/index.html';
    expect(built.edited[listing]).toBeDefined();
    expect(reused.edited.includes(listing)).toBe(incremental);
    for (const page of ['index.html', '2013/05/01/a-post-that-gets-edited/index.html']) {
      expect(reused.edited).not.toContain(page);
    }
  });

  test('the link check and search index run on a clean build, are reused with nothing changed, and run again after edits', () => {
    expect(stepsReused).toEqual({
      clean: [],
      unchanged: ['link check', 'search index'],
      edited: [],
    });
  });

  test('after the edits, the link check parses only the pages that changed', () => {
    const pages = Object.keys(built.edited).filter((file) => file.endsWith('.html')).length;
    expect(unchangedScansOnEdit).toBeGreaterThan(0);
    expect(unchangedScansOnEdit).toBeLessThan(pages);
  });

  test('after editing a post and a component, dist/ is byte-identical to a clean build', () => {
    expect(built.edited).toEqual(built.editedClean);
  });

  test.each([
    ['the edited post', '2013/05/01/a-post-that-gets-edited/index.html'],
    ['its older neighbour (the new title)', '2013/04/01/another-post/index.html'],
    ['the post using the edited component', '2012/06/19/changes-to-webmail-login/index.html'],
    ['the home page, which shows both in full', 'index.html'],
    [
      'a category page that shows only the post using the component',
      'category/uncategorized/index.html',
    ],
  ])('the edit reached the page of %s', (_, page) => {
    expect(built.edited[page]).toBeDefined();
    expect(built.edited[page]).not.toBe(built.clean[page]);
  });
});
