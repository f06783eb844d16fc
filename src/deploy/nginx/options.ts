/**
 * What the generated configuration needs to know about the machine it runs on,
 * and the production defaults, which come from `site.deploy` in src/site.ts
 * (`npm run generate:nginx` options override each one).
 */
import { site, type SiteConfig } from '../../site.ts';
import type { QueryRedirectRule, RedirectRule } from '../../redirects/redirect-table.ts';
import type { CertificatePaths } from './syntax.ts';

/** What the generated site configuration needs to know about the machine it runs on. */
export interface NginxSiteOptions {
  /** Absolute path of the published `dist/` folder. */
  readonly root: string;
  /** Address to listen on (`127.0.0.1` in tests); all addresses when omitted. */
  readonly listenAddress?: string | undefined;
  /** Plain-http port (80 in production). */
  readonly httpPort: number;
  /** https port (443 in production). */
  readonly httpsPort: number;
  /** Certificate for the blog's own host name. */
  readonly blogCertificate: CertificatePaths;
  /** Certificate of the webmail hosts: it names exactly `listCertificateHosts()`. */
  readonly loginCertificate: CertificatePaths;
  /** `host:port` of the follower service (`npm start`); nginx proxies its route prefix to it. */
  readonly followerUpstream: string;
  /** `host:port` of the webmail application the login hosts that "stay" are proxied to. */
  readonly webmailUpstream: string;
  /** Help pages' `redirectFrom` rules (`npm run generate:nginx` reads them from the project); none when omitted. */
  readonly pageRedirects?: readonly RedirectRule[] | undefined;
  /** The imported WordPress blog's redirects by path; src/data/wordpress-redirects.ts when omitted. */
  readonly wordpressRedirects?: readonly RedirectRule[] | undefined;
  /** Its `/?p=123` redirects; src/data/wordpress-redirects.ts when omitted. */
  readonly wordpressQueryRedirects?: readonly QueryRedirectRule[] | undefined;
  /** WebSub hub the feeds' `Link` headers name (`site.websubHub` by default); none: no `Link` headers. */
  readonly websubHub?: string | undefined;
}

/** Paths of a standalone nginx run (tests, trying the config locally). */
export interface NginxMainOptions {
  /** Folder for the pid file, logs and nginx's temporary files. */
  readonly prefix: string;
  /** The `http {}` body, normally from `renderNginxSiteConfig`. */
  readonly siteConfig: string;
  /** `user` directive; only meaningful when nginx starts as root. */
  readonly user?: string | undefined;
  /** nginx's MIME type table. */
  readonly mimeTypesPath?: string | undefined;
}

/** The blog's host name, from the site URL. */
export function getBlogHost(): string {
  return new URL(site.url).hostname;
}

/**
 * The production options from the site config, with any of them replaced by
 * `overrides` (the generator's command-line options).
 */
export function getDefaultSiteOptions(overrides: Partial<NginxSiteOptions> = {}): NginxSiteOptions {
  const { deploy } = site;
  const siteConfig: SiteConfig = site;
  return {
    root: deploy.root,
    httpPort: deploy.httpPort,
    httpsPort: deploy.httpsPort,
    blogCertificate: deploy.blogCertificate,
    loginCertificate: deploy.loginCertificate,
    followerUpstream: `127.0.0.1:${site.localPort}`,
    webmailUpstream: deploy.webmailUpstream,
    websubHub: siteConfig.websubHub,
    ...overrides,
  };
}
