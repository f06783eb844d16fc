import type { APIRoute } from 'astro';
import { serveFeed } from '../lib/site-feeds';

/** The site's JSON Feed 1.1. */
export const GET: APIRoute = () => serveFeed('json');
