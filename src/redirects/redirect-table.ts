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
