/**
 * The old WordPress blog's addresses that nginx answers by pattern, not by
 * path: `/?p=123` and the other query forms (an http-level `map` per query
 * argument, read in `location = /`), and `…/page/N/` past a listing's last
 * page (to the listing's first page). Only written when the project imported a
 * WordPress blog (the generated table has query rules), so the seed site's
 * configuration stays as it was.
 */
import {
  WORDPRESS_QUERY_ARGS,
  type QueryRedirectRule,
  type WordPressQueryArg,
} from '../../../redirects/redirect-table.ts';
import { indent, quote } from '../syntax.ts';

/** The variable a query argument's map sets (`$wordpress_query_p`). */
function formatQueryVariable(arg: WordPressQueryArg): string {
  return `$wordpress_query_${arg}`;
}

/** The http-level maps from each query argument's value to its new path ('' for unknown values). */
export function renderWordPressQueryMaps(queries: readonly QueryRedirectRule[]): string {
  if (queries.length === 0) return '';
  return WORDPRESS_QUERY_ARGS.map((arg) =>
    [
      `map $arg_${arg} ${formatQueryVariable(arg)} {`,
      '    default "";',
      ...queries
        .filter((rule) => rule.arg === arg)
        .map((rule) => `    ${quote(rule.value)} ${quote(rule.to)};`),
      '}',
    ].join('\n'),
  ).join('\n');
}

/**
 * `location = /`: a known `/?arg=value` answers 301 to its page, an unknown
 * one 404 (in WordPress's order: `p` wins over `page_id` …), anything else
 * the home page. The target is always a path without a query, so no loop.
 */
export function renderWordPressHomeLocation(queries: readonly QueryRedirectRule[]): string {
  if (queries.length === 0) return '';
  const checks = WORDPRESS_QUERY_ARGS.flatMap((arg) => [
    `if (${formatQueryVariable(arg)}) {`,
    `    return 301 ${formatQueryVariable(arg)};`,
    '}',
    `if ($arg_${arg}) {`,
    '    return 404;',
    '}',
  ]);
  return [
    "# The old WordPress blog's /?p=123, /?page_id=, /?attachment_id=, /?cat=, /?tag=, /?author=.",
    'location = / {',
    indent(checks.join('\n')),
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
