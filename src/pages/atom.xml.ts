import type { APIRoute } from 'astro';
import { serveFeed } from '../lib/site-feeds';

/** The site's Atom 1.0 feed. */
export const GET: APIRoute = () => serveFeed('atom');
