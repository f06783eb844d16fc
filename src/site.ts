/**
 * The one site configuration. `astro.config.mjs`, the pages, the feeds, the
 * follower service and the generated nginx config all read it from here.
 * No `astro:` imports: plain Node scripts and tests load it as it is.
 */

import { formatFollowerPath } from './data/follower-service.ts';

/** A certificate and its private key, as paths on the production server. */
export interface CertificateConfig {
  /** PEM certificate chain (leaf first). */
  readonly certificate: string;
  /** PEM private key. */
  readonly key: string;
}

/** How production serves the site: the defaults of `npm run generate:nginx`, each overridable by an option. */
export interface DeployConfig {
  /** Absolute path the published `dist/` is copied to on the server (`--root`). */
  readonly root: string;
  /** Plain-http port (`--http-port`). */
  readonly httpPort: number;
  /** https port (`--https-port`). */
  readonly httpsPort: number;
  /** Certificate of the blog's host name (`--blog-cert`, `--blog-key`). */
  readonly blogCertificate: CertificateConfig;
  /** Certificate of the webmail login hosts (`--login-cert`, `--login-key`). */
  readonly loginCertificate: CertificateConfig;
  /** `host:port` of the webmail application behind the login hosts (`--webmail-upstream`). */
  readonly webmailUpstream: string;
}

/** When digests fall due, in UTC. A run of `npm run notify` at or after that time sends them. */
export interface DigestSchedule {
  /** Hour of the day (0–23, UTC) daily and weekly digests fall due. */
  readonly hourUtc: number;
  /** Day of the week weekly digests fall due: 0 Sunday … 6 Saturday. */
  readonly weeklyDay: number;
}

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
  /**
   * Time zone of permalinks (`/YYYY/MM/DD/`), archives and displayed dates: an
   * IANA name (`Australia/Melbourne`), `UTC`, or an offset (`+10:00`). WordPress
   * files posts under the blog's local day; set the old blog's zone when moving one in.
   */
  readonly timeZone: string;
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
  /**
   * Where help pages are edited: the repository's edit address for the project
   * root (e.g. `https://github.com/owner/repo/edit/main`). When set, each help
   * page links "Edit this page" to it plus the page's file path. Unset: no link.
   */
  readonly helpEditUrl?: string | undefined;
  /** When followers' digests fall due (`npm run notify` sends those due; see src/followers/README.md). */
  readonly digest: DigestSchedule;
  /** Production serving defaults for the generated nginx config. */
  readonly deploy: DeployConfig;
  /**
   * WebSub hub (e.g. `https://pubsubhubbub.appspot.com/`): when set, every feed
   * advertises it and `npm run notify` pings it for each feed that changed, so
   * feed readers get new posts at once. Unset: feeds are only polled.
   */
  readonly websubHub?: string | undefined;
}

/** The FastMail.FM Weblog, as it stood in 2012. */
export const site = {
  title: 'FastMail.FM Weblog',
  tagline: 'Blog for FastMail.FM announcements, news and comments',
  url: 'https://blog.fastmail.fm',
  lang: 'en',
  timeZone: 'UTC',
  postsPerPage: 10,
  feedItems: 20,
  author: 'FastMail.FM',
  followEndpoint: formatFollowerPath('subscribe'),
  localPort: 4321,
  followersDatabase: 'data/followers.sqlite',
  digest: { hourUtc: 7, weeklyDay: 1 },
  deploy: {
    root: '/var/www/blog.fastmail.fm',
    httpPort: 80,
    httpsPort: 443,
    blogCertificate: {
      certificate: '/etc/letsencrypt/live/blog.fastmail.fm/fullchain.pem',
      key: '/etc/letsencrypt/live/blog.fastmail.fm/privkey.pem',
    },
    loginCertificate: {
      certificate: '/etc/letsencrypt/live/fastmail.fm/fullchain.pem',
      key: '/etc/letsencrypt/live/fastmail.fm/privkey.pem',
    },
    webmailUpstream: '127.0.0.1:8080',
  },
} as const satisfies SiteConfig;
