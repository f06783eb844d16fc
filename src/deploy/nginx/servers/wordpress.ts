/**
 * The old WordPress blog's addresses that nginx answers by pattern, not by
 * path: `/?p=123` and the other query forms (an http-level `map` per query
 * argument, read in `location = /`), its feeds by query (`/?feed=rss2`,
 * `/?cat=3&feed=atom`; comment feeds gone, see src/redirects/wordpress-feeds.ts),
 * and `…/page/N/` past a listing's last page (to the listing's first page).
 * The feeds by query are always answered (the seed blog was a WordPress blog
 * too); the rest only when the project imported a WordPress blog (the
 * generated table has query rules), so the seed site's configuration has no
 * maps it would not use.
 */
import {
  WORDPRESS_QUERY_ARGS,
  type QueryRedirectRule,
  type WordPressQueryArg,
} from '../../../redirects/redirect-table.ts';
import {
  WORDPRESS_FEED_QUERY_VALUES,
  WORDPRESS_SINGULAR_QUERY_ARGS,
  findQueryFeedFile,
} from '../../../redirects/wordpress-feeds.ts';
import { indent, quote } from '../syntax.ts';

/** The variable a query argument's map sets (`$wordpress_query_p`). */
function formatQueryVariable(arg: WordPressQueryArg): string {
  return `$wordpress_query_${arg}`;
}

/**
 * The http-level maps a feed by query is answered from: the feed file a
 * `?feed=` value means, whether it is a comment feed (the site's, or one
 * post's with `p`, `page_id` or `attachment_id`), the listing it belongs to
 * (a known `cat` or `tag` in WordPress's order, an author's feed being the
 * site's, '' for an unknown one), and the two joined into the new address.
 */
function renderFeedQueryMaps(queries: readonly QueryRedirectRule[]): string {
  const imported = queries.length > 0;
  const files = WORDPRESS_FEED_QUERY_VALUES.flatMap(({ value }) => {
    const file = findQueryFeedFile(value);
    return file ? [`    ${quote(value)} ${quote(file)};`] : [];
  });
  const comments = WORDPRESS_FEED_QUERY_VALUES.filter((row) => row.kind === 'comments').map(
    (row) => row.value,
  );
  const singular = WORDPRESS_SINGULAR_QUERY_ARGS.map((arg) => `$arg_${arg}`).join('');
  return [
    "# The old WordPress blog's feeds by query (/?feed=rss2): the feed file each value means here.",
    'map $arg_feed $wordpress_feed_file {',
    '    default "";',
    ...files,
    '}',
    '# Its comment feeds (/?feed=comments-rss2, /?p=123&feed=rss2): there are none here.',
    `map "$arg_feed|${singular}" $wordpress_feed_gone {`,
    '    default 0;',
    `    ${quote(`~^(?:${comments.join('|')})\\|`)} 1;`,
    `    ${quote('~^[^|]+\\|.')} 1;`,
    '}',
    '# The listing a feed by query belongs to: a category, a tag (the home page for an',
    "# author: the site has no author pages), else the site's; '' for an unknown one.",
    'map "$arg_cat|$arg_tag|$arg_author" $wordpress_feed_listing {',
    '    default "";',
    '    "||" "/";',
    ...(imported
      ? [
          `    ${quote('~^[^|]')} ${formatQueryVariable('cat')};`,
          `    ${quote('~^\\|[^|]')} ${formatQueryVariable('tag')};`,
          `    ${quote('~^\\|\\|.')} ${formatQueryVariable('author')};`,
        ]
      : []),
    '}',
    'map "$wordpress_feed_file|$wordpress_feed_listing" $wordpress_feed_target {',
    '    default "";',
    `    ${quote('~^([^|]+)\\|(/.*)$')} $2$1;`,
    '}',
  ].join('\n');
}

/**
 * The http-level maps: the feeds by query, and (for an imported blog) from
 * each query argument's value to its new path ('' for unknown values).
 */
export function renderWordPressQueryMaps(queries: readonly QueryRedirectRule[]): string {
  const argumentMaps = WORDPRESS_QUERY_ARGS.map((arg) =>
    [
      `map $arg_${arg} ${formatQueryVariable(arg)} {`,
      '    default "";',
      ...queries
        .filter((rule) => rule.arg === arg)
        .map((rule) => `    ${quote(rule.value)} ${quote(rule.to)};`),
      '}',
    ].join('\n'),
  );
  return [renderFeedQueryMaps(queries), ...(queries.length > 0 ? argumentMaps : [])].join('\n');
}

/**
 * `location = /`: a feed by query answers 301 to this site's feed of the same
 * posts, a comment feed 410 and an unknown `?feed=` 404; then (for an imported
 * blog) a known `/?arg=value` answers 301 to its page, an unknown one 404 (in
 * WordPress's order: `p` wins over `page_id` …); anything else is the home
 * page. Targets are always paths without a query, so no loop.
 */
export function renderWordPressHomeLocation(queries: readonly QueryRedirectRule[]): string {
  const feeds = [
    'if ($wordpress_feed_gone) {',
    '    return 410;',
    '}',
    'if ($wordpress_feed_target) {',
    '    return 301 $wordpress_feed_target;',
    '}',
    'if ($arg_feed) {',
    '    return 404;',
    '}',
  ];
  const checks = WORDPRESS_QUERY_ARGS.flatMap((arg) => [
    `if (${formatQueryVariable(arg)}) {`,
    `    return 301 ${formatQueryVariable(arg)};`,
    '}',
    `if ($arg_${arg}) {`,
    '    return 404;',
    '}',
  ]);
  return [
    "# The old WordPress blog's feeds by query (/?feed=rss2, /?cat=3&feed=atom),",
    ...(queries.length > 0
      ? ['# then its /?p=123, /?page_id=, /?attachment_id=, /?cat=, /?tag=, /?author=.']
      : []),
    'location = / {',
    indent([...feeds, ...(queries.length > 0 ? checks : [])].join('\n')),
    '}',
  ].join('\n');
}

/**
 * The listings' `page/N/` past their last page (WordPress had ten posts a
 * page, so the old blog had other page numbers): to the listing's first page.
 * `headers` are the blog's `add_header` lines, repeated as in `location /`.
 */
export function renderWordPressPagedLocation(
  queries: readonly QueryRedirectRule[],
  headers: readonly string[],
): string {
  if (queries.length === 0) return '';
  const pattern =
    '^(?<paged_base>/(?:(?:category|tag)/[^/]+/|[0-9]{4}/(?:[0-9]{2}/)?)?)page/[0-9]+/$';
  return [
    '# A listing page the old blog had and this site does not: the listing itself.',
    `location ~ ${quote(pattern)} {`,
    indent(
      [
        'if (!-e $request_filename) {',
        '    return 301 $paged_base;',
        '}',
        ...headers,
        'add_header Cache-Control $blog_cache_control;',
      ].join('\n'),
    ),
    '}',
  ].join('\n');
}
