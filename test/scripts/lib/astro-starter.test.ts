/**
 * The benchmark's stand-in for Astro's blog starter must really build the
 * posts it is given (a stand-in that built nothing would make any comparison
 * look good): one page per post, the list, and the feed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeAstroStarter } from '../../../scripts/lib/astro-starter.ts';
import { composeRealisticPost } from '../../../scripts/lib/synthetic-posts.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const posts = [0, 1, 2].map((index) => composeRealisticPost(index, 3, index === 2 ? 'mdx' : 'md'));
let dir: string;
let output = '';
let status: number | null = null;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astro-starter-'));
  const { postsDir } = writeAstroStarter(root, dir);
  for (const post of posts) writeFileSync(join(postsDir, post.fileName), post.content);
  const built = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  status = built.status;
  output = `${built.stdout}${built.stderr}`;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Astro blog starter stand-in', () => {
  test('builds', () => {
    expect(status, output).toBe(0);
  });

  test.each(posts.map((post) => [post.fileName.replace(/\.mdx?$/, '')]))(
    'a page for %s, with its title and rendered body',
    (id) => {
      const file = join(dir, 'dist', 'blog', id, 'index.html');
      expect(existsSync(file)).toBe(true);
      const html = readFileSync(file, 'utf8');
      expect(html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
      expect(html).toContain('<table>');
      expect(html).toContain('<pre class="astro-code');
    },
  );

  test('the list and the feed name every post', () => {
    const list = readFileSync(join(dir, 'dist', 'blog', 'index.html'), 'utf8');
    const feed = readFileSync(join(dir, 'dist', 'rss.xml'), 'utf8');
    for (const post of posts) {
      const title = /^title: "(.*)"$/m.exec(post.content)![1]!;
      expect(list).toContain(title);
      expect(feed).toContain(title);
    }
  });
});
