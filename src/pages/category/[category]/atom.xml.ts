import type { APIRoute } from 'astro';
import { listCategoryFeedPaths, serveFeed } from '../../../lib/site-feeds';

/** One feed per category. */
export const getStaticPaths = listCategoryFeedPaths;

/** One category's Atom 1.0 feed. */
export const GET: APIRoute = ({ params }) => serveFeed('atom', params.category);
