import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

// Ten seed posts plus twelve in 2013 (one page = 10 posts) and one draft.
const extra = Array.from({ length: 12 }, (_, index) => ({
  file: `src/content/news/2013-extra-${index + 1}.mdx`,
  title: `Extra post ${index + 1}`,
  path: `/2013/03/${String(index + 1).padStart(2, '0')}/extra-post-${index + 1}/`,
  date: `2013-03-${String(index + 1).padStart(2, '0')}`,
  categories: index % 2 === 0 ? '[News, Technical]' : '[News]',
}));
const DRAFT_TITLE = 'Secret draft announcement';

let project: TempProject;
/** Every file of the built site, as site paths. */
let builtFiles: string[];

/** Reads a built page by site path. */
const page = (path: string) =>
  readFileSync(join(project.root, 'dist', path.endsWith('/') ? `${path}index.html` : path), 'utf8');
/** Post links on a listing, in order. */
const listed = (path: string, selector = 'article .post-title a') => {
  const $ = load(page(path));
  return $(selector)
    .map((_, a) => $(a).attr('href'))
    .get();
};

beforeAll(async () => {
  project = createTempProject();
  for (const post of extra) {
    project.write(
      post.file,
      `---\ntitle: ${post.title}\npubDate: ${post.date}\ncategories: ${post.categories}\n${post === extra[0] ? 'updatedDate: 2013-06-01\n' : ''}---\n\nBody of ${post.title}.\n`,
    );
  }
  project.write(
    'src/content/news/draft.mdx',
    `---\ntitle: ${DRAFT_TITLE}\npubDate: 2013-04-01\ndraft: true\ncategories: [Secret]\n---\n\nNot yet.\n`,
  );
  const { status, output } = await project.run('scripts/build-site.ts');
  if (status !== 0) throw new Error(`build failed:\n${output}`);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  builtFiles = walk(join(project.root, 'dist')).map(
    (file) => `/${relative(join(project.root, 'dist'), file)}`,
  );
}, 120_000);
afterAll(() => project.dispose());

const newest = [...extra].reverse().map((post) => post.path);

describe('pagination with 22 posts at 10 a page', () => {
  test.each([
    ['/', newest.slice(0, 10)],
    ['/page/2/', [...newest.slice(10, 12)]],
  ])('%s starts with the right posts', (path, expected) => {
    expect(listed(path).slice(0, expected.length)).toEqual(expected);
  });

  test.each([
    ['/', 10, '/page/2/', undefined],
    ['/page/2/', 10, '/page/3/', '/'],
    ['/page/3/', 2, undefined, '/page/2/'],
    ['/category/news/', 10, '/category/news/page/2/', undefined],
    ['/category/news/page/3/', 2, undefined, '/category/news/page/2/'],
    ['/category/technical/', 6, undefined, undefined],
  ])('%s: %i posts, older %s, newer %s', (path, count, older, newer) => {
    const $ = load(page(path));
    expect($('article').length).toBe(count);
    expect($('.pagination a.older').attr('href')).toBe(older);
    expect($('.pagination a.newer').attr('href')).toBe(newer);
  });

  test('the pages together list every post exactly once', () => {
    const all = ['/', '/page/2/', '/page/3/'].flatMap((path) => listed(path));
    expect(new Set(all).size).toBe(22);
    expect(all).toHaveLength(22);
  });

  test.each([
    ['/page/4/index.html'],
    ['/category/news/page/4/index.html'],
    ['/category/technical/page/2/index.html'],
  ])('%s is not built', (file) => {
    expect(builtFiles).not.toContain(file);
  });

  test('year and month archives include the new year', () => {
    expect(listed('/2013/', 'main .archive-list a')).toEqual(newest);
    expect(listed('/2013/03/', 'main .archive-list a')).toEqual(newest);
  });
});

describe('a draft appears nowhere', () => {
  test('no built file mentions it', () => {
    for (const file of builtFiles.filter((f) => /\.(html|xml|json|txt)$/.test(f))) {
      expect(page(file), file).not.toContain(DRAFT_TITLE);
    }
  });

  test('neither its permalink, its month, nor its only category is built', () => {
    expect(builtFiles.some((file) => file.startsWith('/2013/04/'))).toBe(false);
    expect(builtFiles.some((file) => file.startsWith('/category/secret/'))).toBe(false);
  });
});

describe('an updated post', () => {
  test('shows and announces its update date on its page and in the feeds', () => {
    const $ = load(page(extra[0]!.path));
    expect($('article .post-date').text()).toContain('Updated 1 June 2013');
    expect($('meta[property="article:modified_time"]').attr('content')).toBe(
      '2013-06-01T00:00:00.000Z',
    );
    const json = JSON.parse(page('/feed.json')) as {
      items: { url: string; date_modified?: string }[];
    };
    const item = json.items.find((candidate) => candidate.url.endsWith(extra[0]!.path));
    expect(item?.date_modified).toBe('2013-06-01T00:00:00.000Z');
    expect(page('/atom.xml')).toContain('<updated>2013-06-01T00:00:00.000Z</updated>');
  });
});
