import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readHelpRedirects, readSiteRedirects } from '../../src/redirects/site-redirects.ts';

const root = mkdtempSync(join(tmpdir(), 'site-redirects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a file under the temporary project. */
function write(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

write('src/content/help/top.mdx', '---\ntitle: Top\nredirectFrom: [/old-top/]\n---\nText\n');
write(
  'src/content/help/a/b/deep.md',
  '---\ntitle: Deep\nredirectFrom:\n  - /help/deep.html\n  - /help/a/deep/\n---\n',
);
write('src/content/help/a/none.mdx', '---\ntitle: None\n---\n');
write('src/content/help/a/_section.yaml', 'label: A\norder: 1\ndescription: A.\n');

test('readHelpRedirects reads every page’s redirectFrom, at any depth, naming its file', () => {
  const rules = readHelpRedirects(root).sort((a, b) => a.from.localeCompare(b.from));
  expect(rules).toEqual([
    {
      from: '/help/a/deep/',
      to: '/help/a/b/deep/',
      origin: 'src/content/help/a/b/deep.md (redirectFrom)',
    },
    {
      from: '/help/deep.html',
      to: '/help/a/b/deep/',
      origin: 'src/content/help/a/b/deep.md (redirectFrom)',
    },
    { from: '/old-top/', to: '/help/top/', origin: 'src/content/help/top.mdx (redirectFrom)' },
  ]);
});

test('readSiteRedirects puts the legacy table (per category) before the help pages’ rules', () => {
  const rules = readSiteRedirects(root, ['news']);
  expect(rules[0]?.origin).toBe('src/data/legacy-redirects.ts');
  expect(rules.map((rule) => rule.from)).toContain('/category/news/feed/');
  expect(rules.at(-1)?.origin).toContain('(redirectFrom)');
});

test('a project without help pages has no help redirects', () => {
  expect(readHelpRedirects(join(root, 'nowhere'))).toEqual([]);
});
