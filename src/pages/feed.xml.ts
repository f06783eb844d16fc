import type { APIRoute } from 'astro';
import { serveFeed } from '../lib/site-feeds';

/** The site's RSS 2.0 feed. */
export const GET: APIRoute = () => serveFeed('rss');
