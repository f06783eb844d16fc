import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { indexSite } from '../../src/build/search-index.ts';

const folders: string[] = [];

/** A throwaway built site holding `pages` (path under the root → HTML). */
function makeSite(pages: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'search-index-'));
  folders.push(root);
  for (const [file, html] of Object.entries(pages)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), html);
  }
  return root;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('indexSite', () => {
  test('indexes only marked bodies and writes the bundle under pagefind/', async () => {
    const root = makeSite({
      'post/index.html':
        '<html lang="en"><body><header>Chrome</header><article data-pagefind-body><h1>Post</h1><p>STARTTLS</p></article></body></html>',
      'index.html': '<html lang="en"><body><p>A listing</p></body></html>',
    });
    const summary = await indexSite(root);
    expect(summary.outputPath).toBe(join(root, 'pagefind'));
    expect(existsSync(join(root, 'pagefind', 'pagefind.js'))).toBe(true);
    // One fragment per indexed page: the listing without data-pagefind-body is left out.
    expect(readdirSync(join(root, 'pagefind', 'fragment'))).toHaveLength(1);
  });

  test('fails with a plain message and the cause when there is nothing to index', async () => {
    const root = makeSite({ 'notes.txt': 'no html here' });
    const failure = await indexSite(root).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(`Search indexing failed for ${root}`);
    expect(String((failure as Error).cause)).toContain('no pages indexed');
  });
});
