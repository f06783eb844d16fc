/**
 * The feeds' `location` blocks inside the blog's https server: each format
 * served with its own media type to feed readers, and the XML ones as
 * `application/xml` to a browser (whose `Accept` has `text/html`), so the
 * browser applies the feed stylesheet instead of showing the XML as text.
 * Same bytes either way, hence `Vary: Accept`. With a WebSub hub, every feed
 * response names the hub and the feed itself in `Link` headers.
 */
import { FEED_FORMATS } from '../../../lib/feed-formats.ts';
import {
  BROWSER_ACCEPT_PATTERN,
  FEED_STYLESHEET_MEDIA_TYPE,
  FEED_STYLESHEET_PATH,
  STYLED_FEED_MEDIA_TYPE,
  isStyledFeedFormat,
} from '../../../lib/feed-stylesheet.ts';
import { site } from '../../../site.ts';
import { indent, quote } from '../syntax.ts';

/** Escapes a literal file name for an nginx (PCRE) regular expression. */
function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The http-level map telling a browser's request from a feed reader's. */
export function renderFeedAcceptMap(): string {
  return [
    'map $http_accept $feed_for_browser {',
    '    default 0;',
    `    ${quote(`~*${escapeForRegex(BROWSER_ACCEPT_PATTERN)}`)} 1;`,
    '}',
  ].join('\n');
}

/**
 * The WebSub discovery headers of a feed response (WebSub §4: at least one
 * `Link` with rel="hub" and exactly one with rel="self", the topic URL): the
 * site's hub, and the feed's own address on the site's origin (the requested
 * path as sent, still percent-encoded), the same URL its `rel="self"` link
 * and the hub pings name. None without a hub.
 */
export function formatWebSubHeaders(hub: string | undefined, origin: string): string[] {
  if (hub === undefined) return [];
  const hubUrl = new URL(hub).href;
  const siteOrigin = new URL(origin).origin;
  for (const [name, value] of [
    ['websubHub', hubUrl],
    ['the site URL', siteOrigin],
  ]) {
    // `$` would start an nginx variable even inside quotes; `<>` would end the Link's URI.
    if (/[$<>\u0000-\u001f\u007f]/.test(value ?? '')) {
      throw new Error(
        `${name} must not contain "$", "<", ">" or control characters (got ${JSON.stringify(value)}).`,
      );
    }
  }
  return [
    `add_header Link ${quote(`<${hubUrl}>; rel="hub"`)};`,
    `add_header Link "<${siteOrigin}$safe_request_path>; rel=\\"self\\"";`,
  ];
}

/**
 * One `location` per feed format and one for the stylesheet. `headers` are the
 * blog's `add_header` lines, repeated because nginx drops inherited ones in a
 * location that sets its own; with a WebSub `hub`, each feed also names it and
 * itself in `Link` headers.
 */
export function renderFeedLocations(
  headers: readonly string[],
  hub?: string | undefined,
  origin: string = site.url,
): string {
  const cached = [...headers, 'add_header Cache-Control $blog_cache_control;'];
  const feedHeaders = [...cached, ...formatWebSubHeaders(hub, origin)];
  const negotiated = [...feedHeaders, 'add_header Vary Accept;'];
  const formats = FEED_FORMATS.map((spec) => {
    const negotiation = isStyledFeedFormat(spec.format)
      ? [
          // A location with its own error_page forgets the server's, so 404 is restated.
          'error_page 404 /404.html;',
          'error_page 418 = @styled_feed;',
          'if ($feed_for_browser) {',
          '    return 418;',
          '}',
        ]
      : [];
    return [
      `location ~ ${quote(`/${escapeForRegex(spec.fileName)}$`)} {`,
      indent(
        [
          ...negotiation,
          `types { }`,
          `default_type ${spec.mediaType};`,
          ...(isStyledFeedFormat(spec.format) ? negotiated : feedHeaders),
        ].join('\n'),
      ),
      '}',
    ].join('\n');
  });
  return [
    '# Feeds: each with its own media type for feed readers; a browser gets the XML ones',
    `# as ${STYLED_FEED_MEDIA_TYPE} (same bytes) so it renders them with ${FEED_STYLESHEET_PATH}.`,
    ...formats,
    'location @styled_feed {',
    indent(['types { }', `default_type ${STYLED_FEED_MEDIA_TYPE};`, ...negotiated].join('\n')),
    '}',
    `location = ${FEED_STYLESHEET_PATH} {`,
    indent(['types { }', `default_type ${FEED_STYLESHEET_MEDIA_TYPE};`, ...cached].join('\n')),
    '}',
  ].join('\n');
}
