import type { APIRoute } from 'astro';
import { listCategoryFeedPaths, serveFeed } from '../../../lib/site-feeds';

/** One feed per category. */
export const getStaticPaths = listCategoryFeedPaths;

/** One category's JSON Feed 1.1. */
export const GET: APIRoute = ({ params }) => serveFeed('json', params.category);
