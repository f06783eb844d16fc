import type { APIRoute } from 'astro';
import { listCategoryFeedPaths, serveFeed } from '../../../lib/site-feeds';

export const getStaticPaths = listCategoryFeedPaths;

/** One category's RSS 2.0 feed. */
export const GET: APIRoute = ({ params }) => serveFeed('rss', params.category);
