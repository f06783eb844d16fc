import { satteri } from '@astrojs/markdown-satteri';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  countRenderWorkers,
  createPooledRenderer,
  planWorkerRenderer,
  withRenderWorkers,
} from '../../../src/build/markdown/render-pool.ts';
import type { RendererOptions } from '../../../src/build/markdown/render-messages.ts';
import { listCodeTransformers } from '../../../src/lib/code-blocks.ts';
import { composeRealisticPost } from '../../../scripts/lib/synthetic-posts.ts';

/** Options a Markdown processor's `createRenderer` takes. */
type SharedOptions = Parameters<ReturnType<typeof satteri>['createRenderer']>[0];

/** What Astro hands `createRenderer` with this site's astro.config.mjs, defaults filled in. */
function resolvedShared(transformers = listCodeTransformers()): SharedOptions {
  return {
    image: { domains: [], remotePatterns: [] },
    syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
    shikiConfig: {
      langs: [],
      langAlias: {},
      themes: { light: 'github-light', dark: 'github-dark' },
      wrap: false,
      transformers,
    },
    gfm: true,
    smartypants: true,
  };
}

const siteProcessor = () => satteri({ features: { smartPunctuation: false } });

/** Bodies that exercise what posts use: realistic posts (headings, lists, tables, code in four languages) and code-block features. */
const bodies = [
  ...[0, 1, 2, 3].map((index) => composeRealisticPost(index, 4, 'md').content.split('---\n')[2]!),
  [
    '## Set-up',
    '',
    '```ts title="astro.config.mjs" {2}',
    'const a = 1;',
    "const b = 'old'; // [!code --]",
    "const b = 'new'; // [!code ++]",
    '```',
    '',
    'A "quoted" word -- kept as written, with a [link](/2012/01/02/post/#top).',
  ].join('\n'),
];

describe('planWorkerRenderer', () => {
  test('the site’s own processor can be rebuilt in a worker, transformers left out', () => {
    const plan = planWorkerRenderer(siteProcessor(), resolvedShared());
    expect(plan).toHaveProperty('options');
    const { options } = plan as { options: RendererOptions };
    expect(options.features).toEqual({ smartPunctuation: false });
    expect(options.shared.shikiConfig).not.toHaveProperty('transformers');
    expect(options.shared.shikiConfig.themes).toEqual({
      light: 'github-light',
      dark: 'github-dark',
    });
  });

  test.each([
    [
      'another processor',
      { ...siteProcessor(), name: 'unified' },
      resolvedShared(),
      'the processor is unified',
    ],
    [
      'a processor with plugins',
      satteri({ mdastPlugins: [{ name: 'x' } as never] }),
      resolvedShared(),
      'the processor has plugins',
    ],
    [
      'transformers other than the site’s',
      siteProcessor(),
      resolvedShared([{ name: 'someone-elses' }]),
      'the shiki transformers are not the site’s own',
    ],
  ])('%s: rendered on the main thread', (_, processor, shared, reason) => {
    expect(planWorkerRenderer(processor, shared as never)).toEqual({ reason });
  });
});

describe('countRenderWorkers', () => {
  test.each([
    ['0', 0],
    ['3', 3],
  ])('MARKDOWN_RENDER_WORKERS=%s starts %i', (value, count) => {
    expect(countRenderWorkers({ MARKDOWN_RENDER_WORKERS: value })).toBe(count);
  });

  test.each(['-1', '1.5', 'two'])('MARKDOWN_RENDER_WORKERS=%s is refused', (value) => {
    expect(() => countRenderWorkers({ MARKDOWN_RENDER_WORKERS: value })).toThrow(
      /MARKDOWN_RENDER_WORKERS must be a whole number/,
    );
  });

  test('by default one or more, at most four', () => {
    const count = countRenderWorkers({});
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(4);
  });
});

describe('rendering in workers', () => {
  test('gives what the main thread gives, HTML and metadata alike', async () => {
    const shared = resolvedShared();
    const here = await siteProcessor().createRenderer(shared);
    const pooled = await withRenderWorkers(siteProcessor(), 2).createRenderer(shared);
    const fileURL = pathToFileURL(join(tmpdir(), 'a post.md'));
    for (const body of bodies) {
      const [expected, actual] = await Promise.all([
        here.render(body, { frontmatter: { title: 'A post' }, fileURL }),
        pooled.render(body, { frontmatter: { title: 'A post' }, fileURL }),
      ]);
      expect(actual).toEqual(expected);
    }
    expect(bodies.join('')).toContain('```nginx');
  });

  test('the bodies of a worker that dies are rendered on the main thread, none lost', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'render-pool-'));
    const dying = join(folder, 'dying-worker.mjs');
    writeFileSync(
      dying,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n",
    );
    const shared = resolvedShared();
    const plan = planWorkerRenderer(siteProcessor(), shared) as { options: RendererOptions };
    let fallbacks = 0;
    const renderer = createPooledRenderer(
      plan.options,
      2,
      () => {
        fallbacks += 1;
        return siteProcessor().createRenderer(shared);
      },
      pathToFileURL(dying),
    );
    const results = await Promise.all(bodies.map((body) => renderer.render(body)));
    const here = await siteProcessor().createRenderer(shared);
    expect(results).toEqual(await Promise.all(bodies.map((body) => here.render(body))));
    expect(fallbacks).toBeGreaterThan(0);
  });

  test('a body the renderer rejects fails with its message', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'render-pool-'));
    const failing = join(folder, 'failing-worker.mjs');
    writeFileSync(
      failing,
      [
        "import { parentPort } from 'node:worker_threads';",
        "parentPort.on('message', ({ id }) => parentPort.postMessage({ id, error: 'bad body' }));",
      ].join('\n'),
    );
    const shared = resolvedShared();
    const plan = planWorkerRenderer(siteProcessor(), shared) as { options: RendererOptions };
    const renderer = createPooledRenderer(
      plan.options,
      1,
      () => siteProcessor().createRenderer(shared),
      pathToFileURL(failing),
    );
    await expect(renderer.render('text')).rejects.toThrow('bad body');
  });
});
