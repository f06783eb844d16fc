/**
 * Feeds of this site: the shared post query, each post's HTML rendered once
 * and made absolute, handed to the pure feed writers in `feeds.ts`.
 */
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { render } from 'astro:content';
import { site } from '../site.ts';
import { renderAtom, renderJsonFeed, renderRss, type FeedChannel } from './feeds.ts';
import { absolutizeUrls } from './html-urls.ts';
import { getPostIndex, type NewsPost } from './queries.ts';
import { summarizeBody } from './summary.ts';
import { formatAbsoluteUrl, formatCategoryPath } from './urls.ts';

/** A feed format and the media type it is served with. */
export type FeedFormat = 'rss' | 'atom' | 'json';

const MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

let container: Promise<experimental_AstroContainer> | undefined;
const htmlByPath = new Map<string, Promise<string>>();

/** A post's full body as HTML with absolute URLs, rendered once per build. */
export function renderPostHtml(post: NewsPost): Promise<string> {
  const render_ = async () => {
    container ??= loadRenderers([getContainerRenderer()]).then((renderers) =>
      experimental_AstroContainer.create({ renderers }),
    );
    const { Content } = await render(post.entry);
    return absolutizeUrls(await (await container).renderToString(Content), site.url);
  };
  if (import.meta.env.DEV) return render_();
  let html = htmlByPath.get(post.path);
  if (!html) htmlByPath.set(post.path, (html = render_()));
  return html;
}

/** The site's feed channel, or a category's when a slug is given. */
export async function getFeedChannel(categorySlug?: string): Promise<FeedChannel> {
  const index = await getPostIndex();
  const category = categorySlug
    ? index.categories.find((candidate) => candidate.slug === categorySlug)
    : undefined;
  if (categorySlug && !category) throw new Error(`No category with slug "${categorySlug}"`);
  const basePath = category ? formatCategoryPath(category.slug) : '/';
  const posts = (category?.posts ?? index.posts).slice(0, site.feedItems);
  return {
    title: category ? `${site.title} » ${category.name}` : site.title,
    description: site.tagline,
    language: site.lang,
    author: site.author,
    homeUrl: formatAbsoluteUrl(basePath, site.url),
    feedUrls: {
      rss: formatAbsoluteUrl(`${basePath}feed.xml`, site.url),
      atom: formatAbsoluteUrl(`${basePath}atom.xml`, site.url),
      json: formatAbsoluteUrl(`${basePath}feed.json`, site.url),
    },
    items: await Promise.all(
      posts.map(async (post) => ({
        title: post.title,
        url: formatAbsoluteUrl(post.path, site.url),
        pubDate: post.pubDate,
        updatedDate: post.updatedDate,
        categories: post.categories.map((ref) => ref.name),
        summary: post.description ?? summarizeBody(post.entry.body ?? ''),
        contentHtml: await renderPostHtml(post),
      })),
    ),
  };
}

/** The HTTP response for one feed. */
export async function serveFeed(format: FeedFormat, categorySlug?: string): Promise<Response> {
  const channel = await getFeedChannel(categorySlug);
  const body =
    format === 'rss'
      ? await renderRss(channel)
      : format === 'atom'
        ? renderAtom(channel)
        : renderJsonFeed(channel);
  return new Response(body, { headers: { 'Content-Type': MEDIA_TYPES[format] } });
}

/** `getStaticPaths` for the per-category feed endpoints. */
export async function listCategoryFeedPaths(): Promise<{ params: { category: string } }[]> {
  return (await getPostIndex()).categories.map((category) => ({
    params: { category: category.slug },
  }));
}
