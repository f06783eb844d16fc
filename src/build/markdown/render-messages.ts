/** What the render pool and its workers send each other (render-pool.ts, render-worker.ts). */
import type { satteri } from '@astrojs/markdown-satteri';

/** A Markdown processor as Astro's config holds it (`markdown.processor`). */
export type MarkdownProcessor = ReturnType<typeof satteri>;
/** Options Astro hands a processor's renderers (syntax highlighting, image settings, …). */
export type SharedOptions = Parameters<MarkdownProcessor['createRenderer']>[0];
/** Options `@astrojs/mdx` adds for `.mdx` (optimisation, `srcDir`, source maps). */
export type MdxOptions = Parameters<NonNullable<MarkdownProcessor['createMdxRenderer']>>[1];
/** A `.md` renderer and what it returns. */
export type Renderer = Awaited<ReturnType<MarkdownProcessor['createRenderer']>>;
export type RenderResult = Awaited<ReturnType<Renderer['render']>>;
/** An `.mdx` compiler and what it returns. */
export type MdxRenderer = Awaited<ReturnType<NonNullable<MarkdownProcessor['createMdxRenderer']>>>;
export type MdxRenderResult = Awaited<ReturnType<MdxRenderer['process']>>;

/** Shared options as data: shiki transformers left out (functions; the worker makes its own). */
export type SharedData = Omit<SharedOptions, 'shikiConfig'> & {
  readonly shikiConfig: Omit<NonNullable<SharedOptions['shikiConfig']>, 'transformers'>;
};

/** How a worker builds its renderer: for `.md` bodies, or for `.mdx` modules. */
export type RendererOptions =
  | {
      readonly kind: 'md';
      readonly features: MarkdownProcessor['options']['features'];
      readonly shared: SharedData;
    }
  | {
      readonly kind: 'mdx';
      readonly features: MarkdownProcessor['options']['features'];
      readonly shared: SharedData;
      /** MDX options with `srcDir` as its `href` (a URL cannot cross to a worker). */
      readonly mdx: Omit<MdxOptions, 'srcDir'> & { readonly srcDir: string | undefined };
    };

/** One source to render: a `.md` body or an `.mdx` file's content without frontmatter. */
export interface RenderRequest {
  readonly id: number;
  readonly source: string;
  readonly frontmatter: Record<string, unknown>;
  readonly filePath: string | undefined;
}

/** Why a source could not be rendered, with its position when the compiler gave one. */
export interface RenderFailure {
  readonly message: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** A rendered source, or why it could not be rendered. */
export type RenderReply =
  | { readonly id: number; readonly result: RenderResult | MdxRenderResult }
  | { readonly id: number; readonly failure: RenderFailure };
