/**
 * Each post's body rendered to HTML once per build. The post page, every
 * listing that shows it in full, the feeds and (through feed.json) the emails
 * all reuse the same string instead of rendering the MDX again: at 1,000 posts
 * that is about four renders saved per post.
 *
 * This relies on post bodies carrying no component-scoped styles or scripts
 * (components used in posts style themselves from src/styles/global.css):
 * a string inserted with set:html brings none along.
 */
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { render } from 'astro:content';
import { site } from '../site.ts';
import { absolutizeUrls } from './html-urls.ts';
import type { NewsPost } from './queries.ts';

let container: Promise<experimental_AstroContainer> | undefined;
const bodyByPath = new Map<string, Promise<string>>();

/** Renders a post's MDX body with the container API (MDX needs its renderer there). */
async function renderBody(post: NewsPost): Promise<string> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) =>
    experimental_AstroContainer.create({ renderers }),
  );
  const { Content } = await render(post.entry);
  return (await container).renderToString(Content);
}

/** A post's body as HTML with site-relative links, rendered once per build (every time in dev). */
export function renderPostBody(post: NewsPost): Promise<string> {
  if (import.meta.env.DEV) return renderBody(post);
  let html = bodyByPath.get(post.path);
  if (!html) bodyByPath.set(post.path, (html = renderBody(post)));
  return html;
}

/** A post's body with absolute URLs, for feeds and emails read away from the site. */
export async function renderAbsolutePostBody(post: NewsPost): Promise<string> {
  return absolutizeUrls(await renderPostBody(post), site.url);
}
