/**
 * The blog's server blocks: http always to https, and over https the static
 * `dist/` folder, the old addresses as 301s and the follower service's prefix
 * proxied to it.
 */
import { FOLLOWER_BASE_PATH, formatFollowerPath } from '../../../data/follower-service.ts';
import { CATEGORY_PLACEHOLDER, legacyRedirects } from '../../../data/legacy-redirects.ts';
import { wordpressQueryRedirects, wordpressRedirects } from '../../../data/wordpress-redirects.ts';
import {
  DECODED_CATEGORY_SLUG_CLASS,
  formatCategoryPattern,
} from '../../../redirects/legacy-redirects.ts';
import type { RedirectRule } from '../../../redirects/redirect-table.ts';
import {
  GONE_COMMENT_FEED_PATHS,
  POST_COMMENT_FEED_PATTERN,
} from '../../../redirects/wordpress-feeds.ts';
import { getBlogHost, type NginxSiteOptions } from '../options.ts';
import { renderFeedLocations } from './feeds.ts';
import { renderWordPressHomeLocation, renderWordPressPagedLocation } from './wordpress.ts';
import { BLOG_SECURITY_HEADERS, FOLLOWER_ADDED_HEADERS } from '../policy.ts';
import {
  formatAddHeaders,
  formatCertificate,
  formatListen,
  formatPath,
  indent,
  quote,
} from '../syntax.ts';

/**
 * `location` blocks answering the legacy addresses with relative 301s. A
 * per-category address matches any WordPress slug, Unicode ones too (nginx
 * matches the decoded path); `rewrite` writes the slug back percent-encoded
 * into the Location, where `return` would put the decoded bytes.
 */
function renderLegacyLocations(): string {
  return legacyRedirects
    .map((entry) => {
      if (entry.match === 'exact') {
        return `location = ${entry.from} {\n    return 301 ${entry.to};\n}`;
      }
      const pattern = formatCategoryPattern(entry, DECODED_CATEGORY_SLUG_CLASS).replace(
        '(?<category>',
        '(',
      );
      // The trailing `?` drops the query string, as `return` does.
      const target = `${entry.to.replace(CATEGORY_PLACEHOLDER, '$1')}?`;
      return `location ~ ${quote(pattern)} {\n    rewrite ${quote(pattern)} ${target} permanent;\n}`;
    })
    .join('\n');
}

/**
 * `location` blocks answering the old blog's comment feeds with 410 Gone: the
 * site-wide ones by path, a post's or page's by pattern (after the legacy
 * category patterns, which nginx checks first). An address the redirect
 * tables already answer (`taken`) is left to them.
 */
function renderGoneFeedLocations(taken: ReadonlySet<string>): string {
  return [
    "# The old blog's comment feeds: comments are a closed archive here, with no feed.",
    ...GONE_COMMENT_FEED_PATHS.filter((path) => !taken.has(path)).map(
      (path) => `location = ${path} {\n    return 410;\n}`,
    ),
    `location ~ ${quote(POST_COMMENT_FEED_PATTERN)} {\n    return 410;\n}`,
  ].join('\n');
}

/** `location` blocks answering the generated WordPress addresses and help pages' `redirectFrom` with relative 301s (none: no lines). */
function renderPageRedirectLocations(rules: readonly RedirectRule[]): string[] {
  return rules.map(
    (rule) => `location = ${quote(rule.from)} {\n    return 301 ${quote(rule.to)};\n}`,
  );
}

/** The directives that hand a request to the follower service, after `limit` (its rate limit). */
function formatFollowerProxy(limit: string): string {
  return indent(
    [
      ...formatAddHeaders(FOLLOWER_ADDED_HEADERS),
      limit,
      'client_max_body_size 16k;',
      'proxy_pass http://blog_followers;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_set_header Host $host;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Real-IP $remote_addr;',
    ].join('\n'),
  );
}

/**
 * The `location` blocks that proxy the follower service's prefix to it. The
 * unsubscribe route has its own, looser limit: RFC 8058 one-click POSTs come
 * from a mail provider's few servers on behalf of all its users, so the
 * sign-up form's per-address limit would turn away people leaving, and the
 * token in the link, not the rate, is what guards it.
 */
function renderFollowerLocations(): string {
  return [
    `# The follower service (npm start); its routes all live under ${FOLLOWER_BASE_PATH}/.`,
    '# It sets its own Cache-Control (no-store), CSP, Referrer-Policy and nosniff.',
    `location ${FOLLOWER_BASE_PATH}/ {`,
    formatFollowerProxy('limit_req zone=blog_followers burst=20 nodelay;'),
    '}',
    "# One-click unsubscribes: a mail provider's few servers post them for all its users.",
    `location = ${formatFollowerPath('unsubscribe')} {`,
    formatFollowerProxy('limit_req zone=blog_unsubscribe burst=200 nodelay;'),
    '}',
  ].join('\n');
}

/** The blog's http (redirect) and https (static site) server blocks. */
export function renderBlogServers(options: NginxSiteOptions): string {
  const blogHost = getBlogHost();
  const queries = options.wordpressQueryRedirects ?? wordpressQueryRedirects;
  const pathRedirects = [
    ...(options.wordpressRedirects ?? wordpressRedirects),
    ...(options.pageRedirects ?? []),
  ];
  const headers = formatAddHeaders(BLOG_SECURITY_HEADERS);
  return [
    `# The blog over http: always to https, same path.`,
    'server {',
    indent(
      [
        formatListen(options.listenAddress, options.httpPort),
        `server_name ${blogHost};`,
        `return 301 https://${blogHost}$safe_request_uri;`,
      ].join('\n'),
    ),
    '}',
    '',
    '# The blog: the static dist/ folder, old addresses, and the follower service.',
    'server {',
    indent(
      [
        formatListen(options.listenAddress, options.httpsPort, ' ssl'),
        `server_name ${blogHost};`,
        ...formatCertificate('blogCertificate', options.blogCertificate),
        '',
        `root ${formatPath('root', options.root)};`,
        'index index.html;',
        '# Redirects nginx makes itself (a folder without its slash) stay relative,',
        '# so no Host header ever ends up in a Location.',
        'absolute_redirect off;',
        'server_tokens off;',
        'error_page 404 /404.html;',
        'charset utf-8;',
        'charset_types text/css text/xml text/xsl text/plain application/javascript application/json application/xml application/rss+xml application/atom+xml application/feed+json image/svg+xml;',
        'gzip on;',
        'gzip_vary on;',
        'gzip_types text/css text/xml text/xsl text/plain application/javascript application/json application/xml application/rss+xml application/atom+xml application/feed+json image/svg+xml application/wasm;',
        '',
        '# nginx drops every server-level add_header in a location that has one of',
        '# its own, so each location below with add_header repeats what it needs.',
        ...headers,
        '',
        'location / {',
        indent(headers.join('\n')),
        // Without `always`: error pages are not cached for a year by mistake.
        '    add_header Cache-Control $blog_cache_control;',
        '}',
        '',
        renderFeedLocations(headers, options.websubHub),
        '',
        renderWordPressHomeLocation(queries),
        renderWordPressPagedLocation(queries, headers),
        renderLegacyLocations(),
        renderGoneFeedLocations(new Set(pathRedirects.map((rule) => rule.from))),
        ...renderPageRedirectLocations(pathRedirects),
        '',
        renderFollowerLocations(),
      ].join('\n'),
    ),
    '}',
  ].join('\n');
}
