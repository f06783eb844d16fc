/**
 * A Markdown render worker (see render-pool.ts): builds the renderer Astro
 * builds for `.md` entries, or the compiler `@astrojs/mdx` builds for `.mdx`
 * modules, from the resolved options the pool sends plus the site's shiki
 * transformers (functions cannot be sent, so the worker makes its own from the
 * same module), then renders what it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import { listCodeTransformers } from '../../lib/code-blocks.ts';
import type {
  MdxRenderResult,
  RenderReply,
  RenderRequest,
  RenderResult,
  RendererOptions,
} from './render-messages.ts';

const options = workerData as RendererOptions;
const processor = satteri({ features: options.features });
const shared = {
  ...options.shared,
  shikiConfig: { ...options.shared.shikiConfig, transformers: listCodeTransformers() },
};

/** Renders one request with the renderer this worker was built for. */
const render: (request: RenderRequest) => Promise<RenderResult | MdxRenderResult> =
  options.kind === 'md'
    ? await processor.createRenderer(shared).then(
        (renderer) => (request) =>
          renderer.render(request.source, {
            frontmatter: request.frontmatter,
            fileURL: request.filePath ? pathToFileURL(request.filePath) : undefined,
          }),
      )
    : await processor.createMdxRenderer!(shared, {
        ...options.mdx,
        srcDir: options.mdx.srcDir === undefined ? undefined : new URL(options.mdx.srcDir),
      }).then(
        (compiler) => (request) =>
          compiler.process(request.source, request.filePath ?? '', request.frontmatter),
      );

parentPort!.on('message', async (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    reply = { id: request.id, result: await render(request) };
  } catch (error) {
    const {
      message = String(error),
      line,
      column,
    } = error as {
      message?: string;
      line?: number;
      column?: number;
    };
    reply = { id: request.id, failure: { message, line, column } };
  }
  parentPort!.postMessage(reply);
});
