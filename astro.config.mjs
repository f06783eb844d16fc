// @ts-check
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { readContentStoreFromFile } from './src/build/content-store.ts';
import { cacheMdxCompiles } from './src/build/markdown/mdx-cache.ts';
import { createRenderWorkers } from './src/build/markdown/render-pool.ts';
import { listCodeTransformers } from './src/lib/code-blocks.ts';
import { site } from './src/site.ts';

// .md bodies and .mdx modules render on every core (src/build/markdown/render-pool.ts) in
// builds; MARKDOWN_RENDER_WORKERS=0 renders on the main thread, as `astro dev` always does.
const renderWorkers = createRenderWorkers();

// Everything site-specific lives in src/site.ts. ASTRO_OUT_DIR lets
// scripts/build-site.ts build into a staging folder and swap it in whole.
export default defineConfig({
  site: site.url,
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // Pages render four at a time: one page's file write overlaps the next one's rendering
    // (at one at a time the build sat idle a fifth of page generation). Output is identical.
    concurrency: 4,
  },
  // Predictable whitespace between inline elements (Astro 7's 'jsx' default drops it).
  compressHTML: true,
  // Post text keeps its own typography: no smart quotes added to the 2012 prose.
  markdown: {
    // Each .mdx compile is kept in .build/mdx/ and reused until its source or the renderer changes
    // (src/build/markdown/mdx-cache.ts); Astro's content store already does this for .md.
    processor: cacheMdxCompiles(
      renderWorkers.wrap(satteri({ features: { smartPunctuation: false } })),
      fileURLToPath(new URL('./.build/mdx/', import.meta.url)),
      fileURLToPath(new URL('./package-lock.json', import.meta.url)),
    ),
    // Both schemes, so code keeps its contrast in light and dark (global.css switches to --shiki-dark).
    // Transformers: a file-name title, highlighted and added/removed lines (src/lib/code-blocks.ts).
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      transformers: listCodeTransformers(),
    },
  },
  // MDX `optimize`: static parts of a post compile to one HTML string instead of a JSX call per
  // element, so Rolldown holds far less code. At 5,000 .mdx posts: 42.6 -> 36.3 s, largest process
  // 2.4 -> 2.0 GiB. Posts never remap HTML elements through a `components` prop, which it would skip.
  integrations: [renderWorkers.integration, mdx({ optimize: true }), sitemap()],
  devToolbar: { enabled: false },
  experimental: {
    // `npm run build -- --incremental`: post pages and listing pages (home, category, tag) whose
    // cacheKey (src/lib/page-cache-keys.ts), templates and content are unchanged since the last
    // such build are copied from Astro's cache (node_modules/.astro) instead of rendered; the
    // build that records them pays ~1 s per 1,000 posts. Output is byte-identical to a clean
    // build (test/build/rebuild.test.ts).
    incrementalBuild: process.env.ASTRO_INCREMENTAL_BUILD === '1',
  },
  vite: {
    // Astro compiles the whole content store into the build as one string literal (37 MB at
    // 5,000 posts); this has the build read it from a file in .build/ instead: ~1.5 s and
    // ~100 MiB less at 5,000 posts (src/build/content-store.ts).
    plugins: [readContentStoreFromFile(fileURLToPath(new URL('./.build/', import.meta.url)))],
    build: {
      // Never inline scripts: the search page's script must be a same-origin file so the
      // Content-Security-Policy (script-src 'self', see src/deploy/nginx/policy.ts) allows it.
      assetsInlineLimit: 0,
      rollupOptions: {
        output: {
          // One chunk for all post modules instead of one per post: the build-time bundle is
          // never shipped to readers, and at 1,000 posts this cuts the bundling step by ~40%.
          manualChunks(id) {
            if (id.includes('/src/content/news/')) return 'news-posts';
          },
        },
        // Astro's own MDX modules trip this harmless warning once per post (withastro/astro#18087).
        onwarn(warning, warn) {
          if (
            warning.code === 'MODULE_LEVEL_DIRECTIVE' &&
            warning.message.includes('astro:head-inject')
          )
            return;
          warn(warning);
        },
      },
    },
  },
});
