/**
 * The one site configuration. `astro.config.mjs`, the pages, the feeds, the
 * follower service and the generated nginx config all read it from here.
 * No `astro:` imports: plain Node scripts and tests load it as it is.
 */

/** Shape of the site configuration. */
export interface SiteConfig {
  /** Blog title, shown in the header, `<title>` and feeds. */
  readonly title: string;
  /** One-line description under the title and in feeds. */
  readonly tagline: string;
  /** Production origin, no trailing slash. Canonical URLs, feeds and emails are absolute against it. */
  readonly url: string;
  /** BCP 47 language tag for `<html lang>` and feeds. */
  readonly lang: string;
  /** Posts per page on the home page and category pages. */
  readonly postsPerPage: number;
  /** Newest posts included in each feed (WordPress's default is 10). */
  readonly feedItems: number;
  /** Author named in feeds (Atom requires one). */
  readonly author: string;
  /** Path the Follow form posts to; the follower service answers it. */
  readonly followEndpoint: string;
  /** Port `npm start` (site + follower service) listens on by default; nginx proxies /followers/ to it. */
  readonly localPort: number;
  /** Follower database, relative to the project root, unless FOLLOWERS_DB names another (git-ignored). */
  readonly followersDatabase: string;
}

/** The FastMail.FM Weblog, as it stood in 2012. */
export const site = {
  title: 'FastMail.FM Weblog',
  tagline: 'Blog for FastMail.FM announcements, news and comments',
  url: 'https://blog.fastmail.fm',
  lang: 'en',
  postsPerPage: 10,
  feedItems: 20,
  author: 'FastMail.FM',
  followEndpoint: '/followers/subscribe',
  localPort: 4321,
  followersDatabase: 'data/followers.sqlite',
} as const satisfies SiteConfig;
