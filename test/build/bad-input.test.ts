import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

const SENTINEL = '<!doctype html><title>previous good build</title>';

/** A post file with the given frontmatter lines. */
const post = (frontmatter: string) => `---\n${frontmatter}\n---\n\nSome text.\n`;

// Each case: files to add, then what the failed build must name.
const cases: [string, Record<string, string>, RegExp[]][] = [
  [
    'a missing title',
    { 'src/content/news/no-title.mdx': post('pubDate: 2012-08-01') },
    [/no-title\.mdx/, /title/],
  ],
  [
    'an empty title',
    { 'src/content/news/empty-title.mdx': post("title: ''\npubDate: 2012-08-01") },
    [/empty-title\.mdx/, /title/],
  ],
  [
    'an unparseable date',
    { 'src/content/news/bad-date.mdx': post('title: Bad date\npubDate: next Tuesday') },
    [/bad-date\.mdx/, /pubDate/],
  ],
  [
    'an impossible calendar date',
    { 'src/content/news/feb-30.mdx': post('title: February\npubDate: 2012-02-30') },
    [/feb-30\.mdx/, /pubDate/, /2012-02-30/],
  ],
  [
    'an unknown field',
    { 'src/content/news/typo.mdx': post('title: Typo\npubDate: 2012-08-01\ncategory: News') },
    [/typo\.mdx/, /category/],
  ],
  [
    'an empty category list',
    { 'src/content/news/no-cats.mdx': post('title: No cats\npubDate: 2012-08-01\ncategories: []') },
    [/no-cats\.mdx/, /categories/],
  ],
  [
    'a malformed slug',
    {
      'src/content/news/hand-written.mdx': post(
        'title: Slug\npubDate: 2012-08-01\nslug: Not A Slug',
      ),
    },
    [/hand-written\.mdx/, /slug/],
  ],
  [
    'a broken internal link',
    {
      'src/content/news/broken-link.mdx':
        '---\ntitle: Broken link\npubDate: 2012-08-01\n---\n\nSee [the page](/no/such/page/) and [the anchor](/2012/05/21/understanding-ssl-vs-tls-vs-starttls/#nowhere).\n',
    },
    [
      /Broken internal links/,
      /\/2012\/08\/01\/broken-link\/: a\[href\] \/no\/such\/page\//,
      /#nowhere — no element with id "nowhere"/,
    ],
  ],
  [
    'two posts with one permalink',
    {
      'src/content/news/first.mdx': post('title: "Same: title"\npubDate: 2012-08-01'),
      'src/content/news/second.mdx': post('title: Same title\npubDate: 2012-08-01'),
    },
    [/first\.mdx/, /second\.mdx/, /slug/, /\/2012\/08\/01\/same-title\//],
  ],
];

describe('a broken post fails the build, names file and field, and publishes nothing', () => {
  let project: TempProject;

  beforeAll(() => {
    project = createTempProject();
  });
  afterAll(() => project.dispose());

  test.each(cases)('%s', async (_, files, expected) => {
    project.write('dist/index.html', SENTINEL);
    for (const [path, content] of Object.entries(files)) project.write(path, content);
    try {
      const { status, output } = await project.run('scripts/build-site.ts');
      expect(status, output).not.toBe(0);
      for (const pattern of expected) expect(output).toMatch(pattern);
      expect(readFileSync(join(project.root, 'dist/index.html'), 'utf8')).toBe(SENTINEL);
      expect(existsSync(join(project.root, 'dist/feed.xml'))).toBe(false);
      // The half-built staging folder is removed too.
      expect(
        readdirSync(join(project.root, '.build')).filter((name) => name.startsWith('dist-')),
      ).toEqual([]);
    } finally {
      for (const path of Object.keys(files)) project.remove(path);
    }
  });
});
