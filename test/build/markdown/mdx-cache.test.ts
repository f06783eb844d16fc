import { satteri } from '@astrojs/markdown-satteri';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test, vi } from 'vitest';
import {
  cacheMdxCompiles,
  identifyMdxRenderer,
  keyMdxCompile,
  pruneMdxCache,
} from '../../../src/build/markdown/mdx-cache.ts';
import type {
  MarkdownProcessor,
  MdxRenderResult,
} from '../../../src/build/markdown/render-messages.ts';
import { listCodeTransformers } from '../../../src/lib/code-blocks.ts';
import { composeRealisticPost } from '../../../scripts/lib/synthetic-posts.ts';

type SharedOptions = Parameters<MarkdownProcessor['createRenderer']>[0];

/** What Astro hands the processor with this site's astro.config.mjs. */
const shared = (themes = { light: 'github-light', dark: 'github-dark' }): SharedOptions =>
  ({
    image: { domains: [], remotePatterns: [] },
    syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
    shikiConfig: {
      langs: [],
      langAlias: {},
      themes,
      wrap: false,
      transformers: listCodeTransformers(),
    },
    gfm: true,
    smartypants: true,
  }) as SharedOptions;
const mdxOptions = {
  optimize: true,
  srcDir: pathToFileURL(join(tmpdir(), 'src/')),
  sourcemap: false,
};

const root = mkdtempSync(join(tmpdir(), 'mdx-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
/** A fresh cache folder and a lockfile. */
function createFolder(): { folder: string; lockfile: string } {
  folders += 1;
  const lockfile = join(root, `lock-${folders}.json`);
  writeFileSync(lockfile, '{"lockfileVersion":3}');
  return { folder: join(root, `cache-${folders}`), lockfile };
}

/** A satteri-named processor whose compiles are counted (and fail for a source saying "fail"). */
function createCountingProcessor(options: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const processor = {
    name: 'satteri',
    options,
    createRenderer: async () => ({ render: async () => ({ code: '', metadata: {} }) }),
    createMdxRenderer: async () => ({
      process: async (source: string, filePath: string): Promise<MdxRenderResult> => {
        calls.push(source);
        if (source.includes('fail')) throw new Error(`cannot compile ${filePath}`);
        return {
          code: `export default ${JSON.stringify(source)};`,
          map: null,
          astroMetadata: {
            hydratedComponents: [],
            clientOnlyComponents: [],
            serverComponents: [],
            scripts: [],
            propagation: 'none',
            containsHead: false,
            pageOptions: {},
          },
        };
      },
    }),
  } as unknown as MarkdownProcessor;
  return { processor, calls };
}

/** The cached renderer of a counting processor. */
async function createCached(options?: Record<string, unknown>) {
  const { folder, lockfile } = createFolder();
  const { processor, calls } = createCountingProcessor(options);
  const renderer = await cacheMdxCompiles(processor, folder, lockfile).createMdxRenderer!(
    shared(),
    mdxOptions,
  );
  return { renderer, calls, folder, lockfile };
}

describe('cacheMdxCompiles', () => {
  test('compiles a source once, then gives the kept result', async () => {
    const { renderer, calls } = await createCached();
    const first = await renderer.process('# One', '/src/a.mdx', { title: 'A' });
    const again = await renderer.process('# One', '/src/a.mdx', { title: 'A' });
    expect(again).toEqual(first);
    expect(calls).toEqual(['# One']);
  });

  test.each([
    ['the source', ['# Two', '/src/a.mdx', { title: 'A' }]],
    ['the path', ['# One', '/src/b.mdx', { title: 'A' }]],
    ['the frontmatter', ['# One', '/src/a.mdx', { title: 'B' }]],
  ] as const)('compiles again when %s changes', async (_, [source, path, frontmatter]) => {
    const { renderer, calls } = await createCached();
    await renderer.process('# One', '/src/a.mdx', { title: 'A' });
    await renderer.process(source, path, { ...frontmatter });
    expect(calls).toHaveLength(2);
  });

  test('keeps nothing for a renderer the workers could not rebuild (plugins)', async () => {
    const { renderer, calls, folder } = await createCached({ mdastPlugins: [() => {}] });
    await renderer.process('# One', '/src/a.mdx', {});
    await renderer.process('# One', '/src/a.mdx', {});
    expect(calls).toHaveLength(2);
    expect(() => readdirSync(folder)).toThrow();
  });

  test('keeps no failed compile: the error comes again', async () => {
    const { renderer, calls } = await createCached();
    await expect(renderer.process('fail', '/src/a.mdx', {})).rejects.toThrow('/src/a.mdx');
    await expect(renderer.process('fail', '/src/a.mdx', {})).rejects.toThrow('/src/a.mdx');
    expect(calls).toHaveLength(2);
  });

  test('compiles again over a kept file that cannot be read', async () => {
    const { renderer, calls, folder } = await createCached();
    await renderer.process('# One', '/src/a.mdx', {});
    for (const name of readdirSync(folder)) writeFileSync(join(folder, name), '{"code":');
    const again = await renderer.process('# One', '/src/a.mdx', {});
    expect(again.code).toBe('export default "# One";');
    expect(calls).toHaveLength(2);
  });

  test('a folder that cannot be written costs only the time: compiles go on, one warning', async () => {
    const { lockfile } = createFolder();
    // A folder under a regular file can never be made.
    const blocked = join(root, `file-${folders}`);
    writeFileSync(blocked, '');
    const { processor, calls } = createCountingProcessor();
    const renderer = await cacheMdxCompiles(processor, join(blocked, 'mdx'), lockfile)
      .createMdxRenderer!(shared(), mdxOptions);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const first = await renderer.process('# One', '/src/a.mdx', {});
      await renderer.process('# Two', '/src/b.mdx', {});
      expect(first.code).toBe('export default "# One";');
      expect(calls).toEqual(['# One', '# Two']);
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]![0])).toContain(join(blocked, 'mdx'));
    } finally {
      warn.mockRestore();
    }
  });

  test("gives what the site's real compiler gives, through the cache as without it", async () => {
    const { folder, lockfile } = createFolder();
    const processor = satteri({ features: { smartPunctuation: false } });
    const plain = await processor.createMdxRenderer!(shared(), mdxOptions);
    const cached = await cacheMdxCompiles(processor, folder, lockfile).createMdxRenderer!(
      shared(),
      mdxOptions,
    );
    const source = composeRealisticPost(7, 8, 'mdx').content.split('---\n')[2]!;
    const filePath = join(tmpdir(), 'src/content/news/a-post.mdx');
    const expected = await plain.process(source, filePath, { title: 'A post' });
    await cached.process(source, filePath, { title: 'A post' });
    expect(await cached.process(source, filePath, { title: 'A post' })).toEqual(expected);
    expect(readdirSync(folder)).toHaveLength(1);
  });
});

describe('identifyMdxRenderer and keyMdxCompile', () => {
  const { lockfile } = createFolder();
  const plan = { features: {}, shared: { shikiConfig: { themes: { light: 'github-light' } } } };
  const base = identifyMdxRenderer(plan, { optimize: true }, lockfile);

  test.each([
    [
      'the renderer (a theme)',
      () => identifyMdxRenderer({ ...plan, features: { x: 1 } }, { optimize: true }, lockfile),
    ],
    ['the MDX options', () => identifyMdxRenderer(plan, { optimize: false }, lockfile)],
    [
      'the installed packages (the lockfile)',
      () => {
        const other = join(root, 'other-lock.json');
        writeFileSync(other, '{"lockfileVersion":3,"packages":{}}');
        return identifyMdxRenderer(plan, { optimize: true }, other);
      },
    ],
  ])('the identity changes with %s', (_, identify) => {
    expect(identify()).not.toBe(base);
  });

  test('keys differ for different sources and are stable for the same one', () => {
    expect(keyMdxCompile(base, 'a', '/a.mdx', {})).toBe(keyMdxCompile(base, 'a', '/a.mdx', {}));
    expect(keyMdxCompile(base, 'a', '/a.mdx', {})).not.toBe(keyMdxCompile(base, 'b', '/a.mdx', {}));
  });
});

describe('pruneMdxCache', () => {
  test('removes what no build used since the given time, keeps the rest', async () => {
    const { renderer, folder } = await createCached();
    await renderer.process('# Old', '/src/old.mdx', {});
    const [old] = readdirSync(folder);
    utimesSync(join(folder, old!), new Date('2020-01-01'), new Date('2020-01-01'));
    const since = new Date(Date.now() - 1000);
    await renderer.process('# New', '/src/new.mdx', {});
    writeFileSync(join(folder, 'left-by-a-crash.json.1.partial'), '');
    expect(pruneMdxCache(folder, since)).toBe(2);
    expect(readdirSync(folder)).toHaveLength(1);
    expect(readdirSync(folder)).not.toContain(old);
  });

  test('does nothing without a folder', () => {
    expect(pruneMdxCache(join(root, 'none'), new Date())).toBe(0);
  });
});
