/**
 * Feeds of this site: every feed scope (the site, each category) in every
 * format of `FEED_FORMATS`, from the shared post query, each post's body
 * rendered once and made absolute, handed to the pure renderers in `feeds.ts`.
 * One route (`src/pages/[...feed].ts`) serves them all.
 */
import { site, type SiteConfig } from '../site.ts';
import {
  FEED_FORMATS,
  getFeedFormat,
  listFeedPaths,
  mapFeedFormats,
  type FeedFormat,
} from './feed-formats.ts';
import { FEED_STYLESHEET_PATH, isStyledFeedFormat } from './feed-stylesheet.ts';
import { describeFeedItem, renderFeed, type FeedChannel } from './feeds.ts';
import { renderAbsolutePostBody } from './post-html.ts';
import { getPostIndex, type NewsPost } from './queries.ts';
import { formatAbsoluteUrl } from './urls.ts';

/** A set of posts with feeds of its own: the whole site, or one category. */
export interface FeedScope {
  /** Path the feeds sit under and the page they mirror: `/` or `/category/<slug>/`. */
  readonly basePath: string;
  /** Feed title. */
  readonly title: string;
  /** The scope's posts, newest first. */
  readonly posts: readonly NewsPost[];
}

/** Every feed scope of the site: the site itself, each category, each tag. A new scope is one more entry. */
export async function listFeedScopes(): Promise<FeedScope[]> {
  const index = await getPostIndex();
  return [
    { basePath: '/', title: site.title, posts: index.posts },
    ...[...index.categories, ...index.tags].map((term) => ({
      basePath: term.path,
      title: `${site.title} » ${term.name}`,
      posts: term.posts,
    })),
  ];
}

/** The feed channel of a scope in one format: its newest `site.feedItems` posts with full content. */
export async function describeFeedChannel(
  scope: FeedScope,
  format: FeedFormat,
): Promise<FeedChannel> {
  const paths = listFeedPaths(scope.basePath);
  const siteConfig: SiteConfig = site;
  return {
    title: scope.title,
    description: site.tagline,
    language: site.lang,
    author: site.author,
    homeUrl: formatAbsoluteUrl(scope.basePath, site.url),
    feedUrls: mapFeedFormats((spec) => formatAbsoluteUrl(paths[spec.format], site.url)),
    stylesheet: isStyledFeedFormat(format) ? FEED_STYLESHEET_PATH : undefined,
    hub: siteConfig.websubHub,
    items: await Promise.all(
      scope.posts
        .slice(0, site.feedItems)
        .map(async (post) => describeFeedItem(post, site.url, await renderAbsolutePostBody(post))),
    ),
  };
}

/** One feed file: its path without the leading slash (the route's parameter) and what renders it. */
export interface FeedRoute {
  readonly params: { readonly feed: string };
  readonly props: { readonly scope: FeedScope; readonly format: FeedFormat };
}

/** `getStaticPaths` of the feed route: every scope in every format. */
export async function listFeedRoutes(): Promise<FeedRoute[]> {
  return (await listFeedScopes()).flatMap((scope) =>
    FEED_FORMATS.map(({ format }) => ({
      params: { feed: listFeedPaths(scope.basePath)[format].slice(1) },
      props: { scope, format },
    })),
  );
}

/** The HTTP response for one feed. */
export async function serveFeed(scope: FeedScope, format: FeedFormat): Promise<Response> {
  const body = await renderFeed(format, await describeFeedChannel(scope, format));
  return new Response(body, {
    headers: { 'Content-Type': `${getFeedFormat(format).mediaType}; charset=utf-8` },
  });
}
