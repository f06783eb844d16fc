/**
 * Feeds of this site: the shared post query and each post's body (rendered
 * once, made absolute) handed to the pure feed writers in `feeds.ts`.
 */
import { site } from '../site.ts';
import { renderAtom, renderJsonFeed, renderRss, type FeedChannel } from './feeds.ts';
import { renderAbsolutePostBody } from './post-html.ts';
import { getPostIndex } from './queries.ts';
import { summarizeBody } from './summary.ts';
import { formatAbsoluteUrl, formatCategoryPath } from './urls.ts';

/** A feed format and the media type it is served with. */
export type FeedFormat = 'rss' | 'atom' | 'json';

const MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

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
        contentHtml: await renderAbsolutePostBody(post),
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
