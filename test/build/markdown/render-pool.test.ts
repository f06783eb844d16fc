import { satteri } from '@astrojs/markdown-satteri';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  countRenderWorkers,
  createRenderPool,
  createRenderWorkers,
  IDLE_MS,
  RENDERED_HERE_FIRST,
  planWorkerRenderer,
  renderInWorkers,
} from '../../../src/build/markdown/render-pool.ts';
import type { SharedData } from '../../../src/build/markdown/render-messages.ts';
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
    expect(plan).not.toHaveProperty('reason');
    const { features, shared } = plan as { features: object; shared: SharedData };
    expect(features).toEqual({ smartPunctuation: false });
    expect(shared.shikiConfig).not.toHaveProperty('transformers');
    expect(shared.shikiConfig.themes).toEqual({
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

/** A worker script that does what `lines` say with each request. */
function writeStandInWorker(name: string, lines: readonly string[]): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'render-pool-')), name);
  writeFileSync(file, ["import { parentPort } from 'node:worker_threads';", ...lines].join('\n'));
  return pathToFileURL(file);
}

/** Distinct sources, more than are rendered before a worker starts. */
const many = Array.from({ length: RENDERED_HERE_FIRST + 4 }, (_, index) => `# Part ${index}`);

describe('rendering in workers', () => {
  test('a .md body renders as on the main thread, HTML and metadata alike', async () => {
    const shared = resolvedShared();
    const here = await siteProcessor().createRenderer(shared);
    const pooled = await renderInWorkers(siteProcessor(), () => 2).createRenderer(shared);
    // The first few render on the main thread; the bodies below go to the workers.
    await Promise.all(many.slice(0, RENDERED_HERE_FIRST).map((source) => pooled.render(source)));
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

  test('an .mdx module compiles as on the main thread, code and metadata alike', async () => {
    const shared = resolvedShared();
    const mdx = {
      optimize: false,
      srcDir: pathToFileURL(join(tmpdir(), 'src/')),
      sourcemap: false,
    };
    const here = await siteProcessor().createMdxRenderer!(shared, mdx);
    const pooled = await renderInWorkers(siteProcessor(), () => 2).createMdxRenderer!(shared, mdx);
    const filler = many.slice(0, RENDERED_HERE_FIRST);
    await Promise.all(filler.map((source) => pooled.process(source, 'filler.mdx', {})));
    const component =
      "import Steps from '../../components/Steps.astro';\n\n<Steps>\n1. One\n</Steps>\n";
    const filePath = join(tmpdir(), 'src/content/news/a-post.mdx');
    for (const content of [...bodies, component]) {
      const [expected, actual] = await Promise.all([
        here.process(content, filePath, { title: 'A post' }),
        pooled.process(content, filePath, { title: 'A post' }),
      ]);
      expect(actual).toEqual(expected);
    }
  });

  /** A pool of `size` workers running `workerUrl`, falling back to the main thread's renderer. */
  async function createStandInPool(workerUrl: URL, size = 2) {
    const shared = resolvedShared();
    const plan = planWorkerRenderer(siteProcessor(), shared) as {
      features: {};
      shared: SharedData;
    };
    const here = await siteProcessor().createRenderer(shared);
    const renderedHere: string[] = [];
    const render = createRenderPool(
      { kind: 'md', ...plan },
      size,
      (request) => {
        renderedHere.push(request.source);
        return here.render(request.source);
      },
      workerUrl,
    );
    return {
      here,
      renderedHere,
      render: (source: string) => render({ source, frontmatter: {}, filePath: undefined }),
    };
  }

  test('the sources of a worker that dies are rendered on the main thread, none lost', async () => {
    const pool = await createStandInPool(
      writeStandInWorker('dying-worker.mjs', ["parentPort.on('message', () => process.exit(3));"]),
    );
    const results = await Promise.all(many.map((source) => pool.render(source)));
    expect(results).toEqual(await Promise.all(many.map((source) => pool.here.render(source))));
    expect(pool.renderedHere.toSorted()).toEqual(many.toSorted());
    // After the death, later sources render here from the start.
    expect(await pool.render('after')).toEqual(await pool.here.render('after'));
  });

  test('a handful of sources renders on the main thread without starting a worker', async () => {
    const pool = await createStandInPool(
      writeStandInWorker('refusing-worker.mjs', [
        "parentPort.on('message', ({ id }) => parentPort.postMessage({ id, failure: { message: 'sent to a worker' } }));",
      ]),
    );
    const few = many.slice(0, RENDERED_HERE_FIRST);
    await expect(Promise.all(few.map((source) => pool.render(source)))).resolves.toHaveLength(
      few.length,
    );
    await expect(pool.render('one more')).rejects.toThrow('sent to a worker');
  });

  test('a source the compiler rejects fails with its message and position', async () => {
    const pool = await createStandInPool(
      writeStandInWorker('failing-worker.mjs', [
        "parentPort.on('message', ({ id }) =>",
        "  parentPort.postMessage({ id, failure: { message: '3:7: bad tag', line: 3, column: 7 } }),",
        ');',
      ]),
      1,
    );
    await Promise.all(many.slice(0, RENDERED_HERE_FIRST).map((source) => pool.render(source)));
    const failure = pool.render('text');
    await expect(failure).rejects.toThrow('3:7: bad tag');
    await expect(failure).rejects.toMatchObject({ line: 3, column: 7 });
  });
});

test('a processor without MDX support stays without it, so @astrojs/mdx can say so', () => {
  const { createMdxRenderer: _, ...markdownOnly } = siteProcessor();
  expect(renderInWorkers(markdownOnly as never, () => 1).createMdxRenderer).toBeUndefined();
  expect(renderInWorkers(siteProcessor(), () => 1).createMdxRenderer).toBeTypeOf('function');
});

test.each([
  ['build', true],
  ['sync', true],
  ['dev', false],
])('astro %s renders in workers: %s', async (command, inWorkers) => {
  const here = { render: async () => ({}) };
  const inner = { ...siteProcessor(), createRenderer: async () => here };
  const workers = createRenderWorkers(() => 2);
  const setup = workers.integration.hooks['astro:config:setup'] as (options: object) => void;
  setup({ command });
  const renderer = await workers.wrap(inner as never).createRenderer(resolvedShared());
  expect(renderer === (here as never)).toBe(!inWorkers);
});

test('workers never hold the process open: a script that has rendered exits by itself', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  mkdirSync(join(root, '.build'), { recursive: true });
  // Inside the project, so the script finds its packages in node_modules.
  const script = join(mkdtempSync(join(root, '.build', 'render-pool-')), 'render.mjs');
  const module = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
  writeFileSync(
    script,
    [
      "import { satteri } from '@astrojs/markdown-satteri';",
      `import { renderInWorkers, RENDERED_HERE_FIRST } from ${module('src/build/markdown/render-pool.ts')};`,
      `import { listCodeTransformers } from ${module('src/lib/code-blocks.ts')};`,
      "const shikiConfig = { themes: { light: 'github-light', dark: 'github-dark' }, transformers: listCodeTransformers() };",
      'const processor = renderInWorkers(satteri({ features: { smartPunctuation: false } }), () => 1);',
      "const renderer = await processor.createRenderer({ syntaxHighlight: { type: 'shiki' }, shikiConfig });",
      'const sources = Array.from({ length: RENDERED_HERE_FIRST + 8 }, (_, index) => `# Part ${index}`);',
      'const results = await Promise.all(sources.map((source) => renderer.render(source)));',
      "console.log('rendered', results.length);",
      'const rendered = performance.now();',
      "process.on('exit', () => console.log('exit after', Math.round(performance.now() - rendered)));",
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  rmSync(dirname(script), { recursive: true, force: true });
  expect(run.stderr).toBe('');
  const [rendered, exit] = run.stdout.trim().split('\n');
  expect(rendered).toBe(`rendered ${RENDERED_HERE_FIRST + 8}`);
  // Idle workers are unreferenced at once: the exit does not wait for the idle stop.
  expect(Number(/^exit after (\d+)$/.exec(exit ?? '')?.[1])).toBeLessThan(IDLE_MS / 2);
  // Killed by the timeout, the status would be null.
  expect(run.status).toBe(0);
});
