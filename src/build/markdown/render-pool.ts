/**
 * Markdown rendered on every core. Astro's glob loader renders each `.md`
 * entry (shiki included) on the main thread while content syncs: at 5,000
 * posts that is most of an 8 s step with the other cores idle.
 * `renderMarkdownInWorkers(loader)` hands the loader a config whose Markdown
 * processor sends bodies to a pool of worker threads (render-worker.ts); the
 * loader itself (ids, digests, the content cache, validation, the store) is
 * unchanged, and a body the cache already holds is never sent.
 *
 * Workers rebuild the renderer from data, so they are used only when the
 * processor is one they can rebuild exactly: satteri with no plugins and the
 * site's own shiki transformers (src/lib/code-blocks.ts). Anything else
 * renders on the main thread as before; so does everything when
 * `MARKDOWN_RENDER_WORKERS=0`. A worker that dies hands its bodies back to
 * the main thread's renderer, so none is lost.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Loader } from 'astro/loaders';
import { listCodeTransformers } from '../../lib/code-blocks.ts';
import type {
  RenderReply,
  RenderRequest,
  RenderResult,
  RendererOptions,
} from './render-messages.ts';

type LoaderContext = Parameters<Loader['load']>[0];
type MarkdownProcessor = LoaderContext['config']['markdown']['processor'];
type SharedOptions = Parameters<MarkdownProcessor['createRenderer']>[0];
type Renderer = Awaited<ReturnType<MarkdownProcessor['createRenderer']>>;

/** Bodies in flight per worker: one rendering, one waiting, so a worker never idles between messages. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * How many workers to start: `MARKDOWN_RENDER_WORKERS`, else one per core
 * but the one the main thread keeps busy (reading, validating and storing
 * entries), at least one and at most four.
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
 * The options a worker needs to build the renderer the processor would, or
 * why it cannot: plugins and foreign transformers are functions that cannot
 * cross to another thread.
 */
export function planWorkerRenderer(
  processor: MarkdownProcessor,
  shared: SharedOptions,
): { readonly options: RendererOptions } | { readonly reason: string } {
  if (processor.name !== 'satteri') return { reason: `the processor is ${processor.name}` };
  const own = processor.options as {
    mdastPlugins?: unknown[];
    hastPlugins?: unknown[];
    features?: RendererOptions['features'];
  };
  if ((own.mdastPlugins?.length ?? 0) + (own.hastPlugins?.length ?? 0) > 0) {
    return { reason: 'the processor has plugins' };
  }
  const { transformers = [], ...shikiConfig } = shared.shikiConfig ?? {};
  const names = (list: readonly { name?: string }[]) => list.map((t) => t.name ?? '').join();
  if (names(transformers) !== names(listCodeTransformers())) {
    return { reason: 'the shiki transformers are not the site’s own' };
  }
  try {
    return {
      options: structuredClone({
        features: own.features ?? {},
        shared: { ...shared, shikiConfig },
      }),
    };
  } catch {
    return { reason: 'the Markdown options cannot be sent to a worker' };
  }
}

/** A body waiting for, or being rendered by, a worker. */
interface Task {
  readonly request: RenderRequest;
  readonly options: Parameters<Renderer['render']>[1];
  readonly resolve: (result: RenderResult) => void;
  readonly reject: (error: Error) => void;
}

/** A worker and the tasks it holds. */
interface PoolWorker {
  readonly worker: Worker;
  readonly tasks: Map<number, Task>;
}

/**
 * A renderer that sends bodies to up to `size` workers, started as the queue
 * grows (a handful of bodies never pays for a second worker's start-up).
 * Workers hold the process open only while they have work. `fallback` gives
 * the main thread's own renderer, which takes over the bodies of a worker that
 * dies; `workerUrl` is the worker script (a test passes one that dies).
 */
export function createPooledRenderer(
  options: RendererOptions,
  size: number,
  fallback: () => Promise<Renderer>,
  workerUrl: URL = new URL('./render-worker.ts', import.meta.url),
): Renderer {
  const workers: PoolWorker[] = [];
  const queue: Task[] = [];
  let nextId = 0;

  /** Renders a task on the main thread (a dead worker's tasks). */
  const renderHere = (task: Task) => {
    fallback()
      .then((renderer) => renderer.render(task.request.body, task.options))
      .then(task.resolve, task.reject);
  };

  const start = (): PoolWorker => {
    const worker = new Worker(workerUrl, { workerData: options });
    const pooled: PoolWorker = { worker, tasks: new Map() };
    worker.on('message', (reply: RenderReply) => {
      const task = pooled.tasks.get(reply.id);
      if (!task) return;
      pooled.tasks.delete(reply.id);
      if ('error' in reply) task.reject(new Error(reply.error));
      else task.resolve({ code: reply.html, metadata: reply.metadata });
      dispatch();
    });
    const retire = () => {
      workers.splice(workers.indexOf(pooled), 1);
      for (const task of pooled.tasks.values()) renderHere(task);
      pooled.tasks.clear();
      // With no worker left, what is queued renders here too.
      if (workers.length === 0) for (const task of queue.splice(0)) renderHere(task);
    };
    worker.on('error', retire);
    worker.on('exit', () => {
      if (workers.includes(pooled)) retire();
    });
    workers.push(pooled);
    return pooled;
  };

  const dispatch = () => {
    while (queue.length > 0) {
      // An idle worker first, then a new one while there is room, then one with a free slot.
      const pooled =
        workers.find((candidate) => candidate.tasks.size === 0) ??
        (workers.length < size ? start() : undefined) ??
        workers.find((candidate) => candidate.tasks.size < IN_FLIGHT_PER_WORKER);
      if (!pooled) break;
      const task = queue.shift()!;
      pooled.tasks.set(task.request.id, task);
      pooled.worker.postMessage(task.request);
    }
    // An idle worker must not keep the process alive; a busy one must.
    for (const { worker, tasks } of workers) {
      if (tasks.size > 0) worker.ref();
      else worker.unref();
    }
  };

  return {
    render: (body, renderOptions) =>
      new Promise<RenderResult>((resolve, reject) => {
        queue.push({
          request: {
            id: nextId++,
            body,
            frontmatter: renderOptions?.frontmatter ?? {},
            filePath: renderOptions?.fileURL ? fileURLToPath(renderOptions.fileURL) : undefined,
          },
          options: renderOptions,
          resolve,
          reject,
        });
        dispatch();
      }),
  };
}

/** The processor `processor` with its `.md` rendering done by workers, when they can rebuild it. */
export function withRenderWorkers(processor: MarkdownProcessor, size: number): MarkdownProcessor {
  return {
    ...processor,
    createRenderer: async (shared) => {
      const plan = planWorkerRenderer(processor, shared);
      if ('reason' in plan) return processor.createRenderer(shared);
      let here: Promise<Renderer> | undefined;
      return createPooledRenderer(plan.options, size, () => {
        here ??= processor.createRenderer(shared);
        return here;
      });
    },
  };
}

/** Wraps a glob loader so the `.md` bodies it renders are rendered by a pool of worker threads. */
export function renderMarkdownInWorkers(loader: Loader): Loader {
  return {
    ...loader,
    load: (context) => {
      const size = countRenderWorkers();
      if (size === 0) return loader.load(context);
      const { markdown } = context.config;
      return loader.load({
        ...context,
        config: {
          ...context.config,
          markdown: { ...markdown, processor: withRenderWorkers(markdown.processor, size) },
        },
      });
    },
  };
}
