import type { APIRoute } from 'astro';
import { HONEYPOT_FIELD } from '../data/follower-service';
import { getBuildFollowerCount } from '../followers/store/read-only';
import { formatJoinFollowers } from '../lib/follower-count';
import { FEED_STYLESHEET_MEDIA_TYPE, renderFeedStylesheet } from '../lib/feed-stylesheet';
import { site } from '../site';
import css from '../styles/global.css?raw';

/** The XSL stylesheet browsers render the RSS and Atom feeds with (`FEED_STYLESHEET_PATH`). */
export const GET: APIRoute = () =>
  new Response(
    renderFeedStylesheet({
      lang: site.lang,
      siteTitle: site.title,
      tagline: site.tagline,
      css,
      followEndpoint: site.followEndpoint,
      honeypotField: HONEYPOT_FIELD,
      followCountText: formatJoinFollowers(getBuildFollowerCount()),
    }),
    { headers: { 'Content-Type': `${FEED_STYLESHEET_MEDIA_TYPE}; charset=utf-8` } },
  );
