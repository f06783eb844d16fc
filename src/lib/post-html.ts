/**
 * Each post's body rendered to HTML once per build. The post page, every
 * listing that shows it in full, the feeds and (through feed.json) the emails
 * all reuse the same string instead of rendering the MDX again: at 1,000 posts
 * that is about four renders saved per post.
 *
 * Standalone pages and help pages render their bodies here too. This relies
 * on post, page and help bodies carrying no component-scoped styles or
 * scripts (components used in them style themselves from
 * src/styles/global.css): a string inserted with set:html brings none along.
 */
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { render, type CollectionEntry } from 'astro:content';
import { site } from '../site.ts';
import type { ArchivedComment, CommentArchive } from './comments.ts';
import { absolutizeUrls } from './html-urls.ts';
import { optimizeImportedImages } from './imported-images.ts';
import type { NewsPost } from './queries.ts';
import { formatAbsoluteUrl } from './urls.ts';

let container: Promise<experimental_AstroContainer> | undefined;
const bodyByPath = new Map<string, Promise<string>>();

/** Renders an entry's Markdown or MDX body with the container API (MDX needs its renderer there). */
async function renderBody(entry: CollectionEntry<'news' | 'pages' | 'help'>): Promise<string> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) =>
    experimental_AstroContainer.create({ renderers }),
  );
  const { Content } = await render(entry);
  return (await container).renderToString(Content);
}

/** An entry's body as HTML, imported images optimised. */
export async function renderEntryBody(
  entry: CollectionEntry<'news' | 'pages' | 'help'>,
): Promise<string> {
  return optimizeImportedImages(await renderBody(entry));
}

/**
 * A post's body as HTML with site-relative links, rendered once per build
 * (every time in dev). Its images go through the pipeline on every call, so
 * Astro counts them to each page that shows them (an incremental build
 * restores a cached page's images from that record); the post's own page
 * asks for its first image to load at once (`eagerFirstImage`).
 */
export async function renderPostBody(
  post: NewsPost,
  options: { readonly eagerFirstImage?: boolean } = {},
): Promise<string> {
  let html = import.meta.env.DEV ? undefined : bodyByPath.get(post.path);
  if (!html) {
    html = renderBody(post.entry);
    if (!import.meta.env.DEV) bodyByPath.set(post.path, html);
  }
  return optimizeImportedImages(await html, options);
}

/**
 * A post's body with absolute URLs, for feeds and emails read away from the
 * site: every relative URL (`#note`, `../x/`, `/help/`) resolved against the
 * post's own URL, as on its page.
 */
export async function renderAbsolutePostBody(post: NewsPost): Promise<string> {
  return absolutizeUrls(await renderPostBody(post), formatAbsoluteUrl(post.path, site.url));
}

/** A comment archive with the imported images in its comments optimised, as the post page shows it. */
export async function renderCommentArchive(archive: CommentArchive): Promise<CommentArchive> {
  const optimize = (comments: readonly ArchivedComment[]) =>
    Promise.all(
      comments.map(async (comment) => ({
        ...comment,
        html: await optimizeImportedImages(comment.html),
      })),
    );
  return { comments: await optimize(archive.comments), pings: await optimize(archive.pings) };
}
