/**
 * Markdown and MDX rendered on every core. Astro renders each `.md` entry
 * (shiki included) on the main thread while content syncs, and `@astrojs/mdx`
 * compiles each `.mdx` module there while bundling: at 5,000 posts each is
 * most of a step that leaves the other cores idle. `renderInWorkers(processor)`
 * is the same Markdown processor with both jobs sent to a pool of worker
 * threads (render-worker.ts); everything around them (the content cache, ids,
 * validation, the bundle) is Astro's, unchanged, and a body the content cache
 * already holds is never sent.
 *
 * Workers rebuild the renderer from data, so they are used only when they
 * can rebuild it exactly: satteri with no plugins and the site's own shiki
 * transformers (src/lib/code-blocks.ts). Anything else renders on the main
 * thread as before; so does everything when `MARKDOWN_RENDER_WORKERS=0`. A
 * worker that dies hands its sources back to the main thread's renderer, so
 * none is lost.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { listCodeTransformers } from '../../lib/code-blocks.ts';
import type {
  MarkdownProcessor,
  MdxRenderer,
  MdxRenderResult,
  RenderFailure,
  RenderReply,
  RenderRequest,
  RenderResult,
  Renderer,
  RendererOptions,
  SharedData,
  SharedOptions,
} from './render-messages.ts';

/** Sources in flight per worker: one rendering, one waiting, so a worker never idles between messages. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * Sources rendered on the main thread before any worker starts: a worker takes
 * a quarter to half a second to start and load its renderer, longer than a few
 * sources take here. A small site never starts one; a large one renders these
 * while its workers start.
 */
export const RENDERED_HERE_FIRST = 16;
/** A pool with nothing to do for this long stops its workers (they hold a renderer's memory each). */
export const IDLE_MS = 1000;
/** The worker script. */
const WORKER_URL = new URL('./render-worker.ts', import.meta.url);

/**
 * How many workers a pool starts: `MARKDOWN_RENDER_WORKERS`, else one per
 * core but the one the main thread keeps busy (reading, validating and storing
 * entries, bundling), at least one and at most four.
 */
export function countRenderWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const configured = env['MARKDOWN_RENDER_WORKERS'];
  if (configured !== undefined && configured !== '') {
    const count = Number(configured);
    if (!Number.isInteger(count) || count < 0) {
      throw new Error(`MARKDOWN_RENDER_WORKERS must be a whole number, not "${configured}"`);
    }
    return count;
  }
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/**
 * The features and shared options a worker needs to rebuild `processor`'s
 * renderers, or why it cannot: plugins and foreign transformers are functions,
 * which cannot cross to another thread.
 */
export function planWorkerRenderer(
  processor: MarkdownProcessor,
  shared: SharedOptions,
):
  | { readonly features: RendererOptions['features']; readonly shared: SharedData }
  | { readonly reason: string } {
  if (processor.name !== 'satteri') return { reason: `the processor is ${processor.name}` };
  const { mdastPlugins = [], hastPlugins = [], features = {} } = processor.options;
  if (mdastPlugins.length + hastPlugins.length > 0) return { reason: 'the processor has plugins' };
  const { transformers = [], ...shikiConfig } = shared.shikiConfig ?? {};
  const names = (list: readonly { name?: string }[]) => list.map((t) => t.name ?? '').join();
  if (names(transformers) !== names(listCodeTransformers())) {
    return { reason: 'the shiki transformers are not the site’s own' };
  }
  try {
    return structuredClone({ features, shared: { ...shared, shikiConfig } });
  } catch {
    return { reason: 'the Markdown options cannot be sent to a worker' };
  }
}

/** A source waiting for, or being rendered by, a worker. */
interface Task {
  readonly request: RenderRequest;
  readonly resolve: (result: RenderResult | MdxRenderResult) => void;
  readonly reject: (error: Error) => void;
}

/** A worker and the tasks it holds. */
interface PoolWorker {
  readonly worker: Worker;
  readonly tasks: Map<number, Task>;
}

/** An error carrying the compiler's position, as `@astrojs/mdx` reads it. */
function toError(failure: RenderFailure): Error {
  return Object.assign(new Error(failure.message), {
    ...(failure.line === undefined ? {} : { line: failure.line }),
    ...(failure.column === undefined ? {} : { column: failure.column }),
  });
}

/**
 * Sends sources to up to `size` workers built with `options`, started as the
 * queue grows, after the first `RENDERED_HERE_FIRST` sources have gone to
 * `fallback` (the main thread's renderer). Workers hold the process open only
 * while they have work, and stop after `IDLE_MS` without any. The sources of a
 * worker that dies go to `fallback` too, and so does everything after it;
 * `workerUrl` is the worker script (a test passes one that dies).
 */
export function createRenderPool(
  options: RendererOptions,
  size: number,
  fallback: (request: RenderRequest) => Promise<RenderResult | MdxRenderResult>,
  workerUrl: URL = WORKER_URL,
): (request: Omit<RenderRequest, 'id'>) => Promise<RenderResult | MdxRenderResult> {
  const workers: PoolWorker[] = [];
  const queue: Task[] = [];
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  // After a worker dies, everything renders here: a worker that cannot start would die again.
  let broken = false;

  const renderHere = (task: Task) => fallback(task.request).then(task.resolve, task.reject);

  const start = (): PoolWorker => {
    const worker = new Worker(workerUrl, { workerData: options });
    const pooled: PoolWorker = { worker, tasks: new Map() };
    worker.on('message', (reply: RenderReply) => {
      const task = pooled.tasks.get(reply.id);
      if (!task) return;
      pooled.tasks.delete(reply.id);
      if ('failure' in reply) task.reject(toError(reply.failure));
      else task.resolve(reply.result);
      dispatch();
    });
    const retire = () => {
      if (!workers.includes(pooled)) return;
      broken = true;
      workers.splice(workers.indexOf(pooled), 1);
      for (const task of pooled.tasks.values()) renderHere(task);
      pooled.tasks.clear();
      // With no worker left, what is queued renders here too.
      if (workers.length === 0) for (const task of queue.splice(0)) renderHere(task);
    };
    worker.on('error', retire);
    worker.on('exit', retire);
    workers.push(pooled);
    return pooled;
  };

  const stopIdle = () => {
    if (queue.length > 0 || workers.some(({ tasks }) => tasks.size > 0)) return;
    // Out of the list first, so their exit is not taken for a death.
    for (const { worker } of workers.splice(0)) void worker.terminate();
  };

  const dispatch = () => {
    while (queue.length > 0) {
      // An idle worker first, then a new one while there is room, then one with a free slot.
      const pooled =
        workers.find((candidate) => candidate.tasks.size === 0) ??
        (workers.length < size && !broken ? start() : undefined) ??
        workers.find((candidate) => candidate.tasks.size < IN_FLIGHT_PER_WORKER);
      if (!pooled) break;
      const task = queue.shift()!;
      pooled.tasks.set(task.request.id, task);
      pooled.worker.postMessage(task.request);
    }
    // An idle worker must not keep the process alive; a busy one must.
    let busy = false;
    for (const { worker, tasks } of workers) {
      if (tasks.size > 0) worker.ref();
      else worker.unref();
      busy ||= tasks.size > 0;
    }
    clearTimeout(idleTimer);
    if (!busy && workers.length > 0) idleTimer = setTimeout(stopIdle, IDLE_MS).unref();
  };

  return (request) =>
    new Promise((resolve, reject) => {
      const task = { request: { ...request, id: nextId++ }, resolve, reject };
      if (broken || task.request.id < RENDERED_HERE_FIRST) return renderHere(task);
      queue.push(task);
      dispatch();
    });
}

/**
 * `processor` with its `.md` and `.mdx` rendering done by a pool of workers,
 * for whichever renderer they can rebuild (see `planWorkerRenderer`). `size`
 * says how many when a renderer is made (0: none, render on the main thread).
 */
export function renderInWorkers(
  processor: MarkdownProcessor,
  size: () => number = countRenderWorkers,
): MarkdownProcessor {
  const wrapped: MarkdownProcessor = {
    ...processor,
    createRenderer: async (shared): Promise<Renderer> => {
      const plan = planWorkerRenderer(processor, shared);
      if (size() === 0 || 'reason' in plan) return processor.createRenderer(shared);
      let here: Promise<Renderer> | undefined;
      const render = createRenderPool({ kind: 'md', ...plan }, size(), async (request) => {
        here ??= processor.createRenderer(shared);
        return (await here).render(request.source, toRenderOptions(request));
      });
      return {
        render: async (source, options) =>
          (await render({
            source,
            frontmatter: options?.frontmatter ?? {},
            filePath: options?.fileURL ? fileURLToPath(options.fileURL) : undefined,
          })) as RenderResult,
      };
    },
  };
  const createMdxHere = processor.createMdxRenderer?.bind(processor);
  // A processor without MDX support stays without it, so @astrojs/mdx can say so.
  if (!createMdxHere) return { ...wrapped, createMdxRenderer: undefined };
  return {
    ...wrapped,
    createMdxRenderer: async (shared, mdx): Promise<MdxRenderer> => {
      const plan = planWorkerRenderer(processor, shared);
      if (size() === 0 || 'reason' in plan) return createMdxHere(shared, mdx);
      let here: Promise<MdxRenderer> | undefined;
      const mdxData = { ...mdx, srcDir: mdx.srcDir?.href };
      const render = createRenderPool({ kind: 'mdx', ...plan, mdx: mdxData }, size(), async (r) => {
        here ??= createMdxHere(shared, mdx);
        return (await here).process(r.source, r.filePath ?? '', r.frontmatter);
      });
      return {
        process: async (source, filePath, frontmatter) =>
          (await render({ source, filePath, frontmatter })) as MdxRenderResult,
      };
    },
  };
}

/**
 * Render workers for a site: `wrap` the Markdown processor with them and add
 * `integration`, which turns them off for `astro dev`. The dev server renders
 * one edited file at a time, which a worker's start-up would only delay; every
 * other command (build, sync, check) renders whole collections.
 */
export function createRenderWorkers(size: () => number = countRenderWorkers): {
  readonly wrap: (processor: MarkdownProcessor) => MarkdownProcessor;
  readonly integration: AstroIntegration;
} {
  let onDevServer = false;
  return {
    wrap: (processor) => renderInWorkers(processor, () => (onDevServer ? 0 : size())),
    integration: {
      name: 'markdown-render-workers',
      hooks: {
        'astro:config:setup': ({ command }) => {
          onDevServer = command === 'dev';
        },
      },
    },
  };
}

/** The render options a `.md` request stands for. */
function toRenderOptions(request: RenderRequest): Parameters<Renderer['render']>[1] {
  return {
    frontmatter: request.frontmatter,
    ...(request.filePath ? { fileURL: pathToFileURL(request.filePath) } : {}),
  };
}
