/**
 * The one redirect table: the legacy addresses (src/data/legacy-redirects.ts)
 * and every help page's `redirectFrom`, validated together. The nginx
 * generator, the build's link check and the tests all read it through here.
 * Pure: callers pass what was read from disk.
 */

/** One concrete old path, its new one and where the rule came from. */
export interface RedirectRule {
  readonly from: string;
  readonly to: string;
  /** Who asked for it: the legacy table, or the help page file whose `redirectFrom` lists it. */
  readonly origin: string;
}

/** A rule that breaks the table's invariants, with the reason. */
export interface RedirectProblem {
  readonly rule: RedirectRule;
  readonly message: string;
}

/**
 * True for an absolute site path: `/…` made of letters, digits and `-._~%+:@/`
 * only (so no scheme, host, query, fragment, space, quote or nginx `$`), with
 * no `//` and no `.`/`..` segments.
 */
export function isSitePath(path: string): boolean {
  if (!/^\/[A-Za-z0-9\-._~%+:@/]*$/.test(path) || path.includes('//')) return false;
  return !path.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Every problem of a table: a source that is not a site path, a source listed
 * twice, a source that is a real page (`pagePaths`), a rule to itself, and
 * chains (a target that is itself a source: readers would take two hops).
 */
export function findRedirectProblems(
  rules: readonly RedirectRule[],
  pagePaths: ReadonlySet<string>,
): RedirectProblem[] {
  const problems: RedirectProblem[] = [];
  const seen = new Map<string, RedirectRule>();
  for (const rule of rules) {
    const report = (message: string) => problems.push({ rule, message });
    if (!isSitePath(rule.from)) report(`"${rule.from}" is not an absolute site path`);
    if (rule.from === rule.to) report(`"${rule.from}" redirects to itself`);
    if (pagePaths.has(rule.from))
      report(`"${rule.from}" is a page of the site, not a free address`);
    const earlier = seen.get(rule.from);
    if (earlier) report(`"${rule.from}" is already redirected by ${earlier.origin}`);
    else seen.set(rule.from, rule);
  }
  for (const rule of rules) {
    const next = seen.get(rule.to);
    if (next && next !== rule) {
      problems.push({
        rule,
        message: `"${rule.from}" → "${rule.to}" is a chain: "${rule.to}" redirects again (${next.origin})`,
      });
    }
  }
  return problems;
}

/** The problems as one message per line, naming where each rule came from. */
export function formatRedirectProblems(problems: readonly RedirectProblem[]): string {
  return problems.map(({ rule, message }) => `${rule.origin}: ${message}`).join('\n');
}

/** The target of `path`, or undefined when the table has no rule for it. */
export function findRedirectTarget(
  path: string,
  rules: readonly RedirectRule[],
): string | undefined {
  return rules.find((rule) => rule.from === path)?.to;
}

/** The query arguments WordPress answered on its home page (`/?p=123`), in the order WordPress reads them. */
export const WORDPRESS_QUERY_ARGS = [
  'p',
  'page_id',
  'attachment_id',
  'cat',
  'tag',
  'author',
] as const;

/** One of `WORDPRESS_QUERY_ARGS`. */
export type WordPressQueryArg = (typeof WORDPRESS_QUERY_ARGS)[number];

/** One old `/?arg=value` address and its new path (a `#fragment` allowed). */
export interface QueryRedirectRule {
  readonly arg: WordPressQueryArg;
  /** The argument's value as it appears in the URL (percent-encoded, as WordPress wrote it). */
  readonly value: string;
  readonly to: string;
  /** What asked for it (the export item or term). */
  readonly origin: string;
}

/**
 * Every problem of a query redirect table: an unknown argument, a value that
 * could break an nginx `map` (only URL-safe characters), a target that is not
 * a site path, and a value listed twice for one argument.
 */
export function findQueryRedirectProblems(rules: readonly QueryRedirectRule[]): RedirectProblem[] {
  const problems: RedirectProblem[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const from = `/?${rule.arg}=${rule.value}`;
    const report = (message: string) =>
      problems.push({ rule: { from, to: rule.to, origin: rule.origin }, message });
    if (!(WORDPRESS_QUERY_ARGS as readonly string[]).includes(rule.arg))
      report(`"${rule.arg}" is not a WordPress query argument`);
    if (!/^[A-Za-z0-9%_.~-]+$/.test(rule.value))
      report(`"${rule.value}" is not a plain query value`);
    if (!isSitePath(rule.to.split('#')[0] ?? '')) report(`"${rule.to}" is not a site path`);
    if (seen.has(from)) report(`"${from}" is listed twice`);
    seen.add(from);
  }
  return problems;
}
