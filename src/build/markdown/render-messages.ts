/** What the render pool and its workers send each other (render-pool.ts, render-worker.ts). */
import type { satteri } from '@astrojs/markdown-satteri';

type SatteriProcessor = ReturnType<typeof satteri>;
/** Options Astro hands a processor's `createRenderer` (syntax highlighting, image settings, …). */
type SharedOptions = Parameters<SatteriProcessor['createRenderer']>[0];
/** What a renderer returns for one body. */
export type RenderResult = Awaited<
  ReturnType<Awaited<ReturnType<SatteriProcessor['createRenderer']>>['render']>
>;

/** How a worker builds its renderer: the resolved options, shiki transformers left out (they are functions). */
export interface RendererOptions {
  readonly features: SatteriProcessor['options']['features'];
  readonly shared: Omit<SharedOptions, 'shikiConfig'> & {
    readonly shikiConfig: Omit<NonNullable<SharedOptions['shikiConfig']>, 'transformers'>;
  };
}

/** One body to render. */
export interface RenderRequest {
  readonly id: number;
  readonly body: string;
  readonly frontmatter: Record<string, unknown>;
  readonly filePath: string | undefined;
}

/** A rendered body, or why it could not be rendered. */
export type RenderReply =
  | { readonly id: number; readonly html: string; readonly metadata: RenderResult['metadata'] }
  | { readonly id: number; readonly error: string };
