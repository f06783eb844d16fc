/**
 * A Markdown render worker (see render-pool.ts): builds the same satteri
 * renderer Astro builds for `.md` entries, from the resolved options the
 * pool sends, plus the site's shiki transformers (functions cannot be sent,
 * so the worker makes its own from the same module), then renders bodies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import { listCodeTransformers } from '../../lib/code-blocks.ts';
import type { RenderRequest, RenderReply, RendererOptions } from './render-messages.ts';

const options = workerData as RendererOptions;
const renderer = await satteri({ features: options.features }).createRenderer({
  ...options.shared,
  shikiConfig: { ...options.shared.shikiConfig, transformers: listCodeTransformers() },
});

parentPort!.on('message', async (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    const result = await renderer.render(request.body, {
      frontmatter: request.frontmatter,
      fileURL: request.filePath ? pathToFileURL(request.filePath) : undefined,
    });
    reply = { id: request.id, html: result.code, metadata: result.metadata };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
