import type { APIRoute, GetStaticPaths } from 'astro';
import type { FeedFormat } from '../lib/feed-formats';
import { listFeedRoutes, serveFeed, type FeedScope } from '../lib/site-feeds';

/** Every feed: each scope (the site, each category) in each format of `FEED_FORMATS`. */
export const getStaticPaths = (() => listFeedRoutes()) satisfies GetStaticPaths;

/** One feed file, e.g. `/feed.xml` or `/category/news/atom.xml`. */
export const GET: APIRoute<{ scope: FeedScope; format: FeedFormat }> = ({ props }) =>
  serveFeed(props.scope, props.format);
