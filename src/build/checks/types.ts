/** Shapes shared by the built-site checks. */

/** One HTML page of the built site. */
export interface SitePage {
  /** Site path as a reader would type it: `/2012/`, `/404.html`. */
  readonly path: string;
  readonly html: string;
}

/** The built site as the checks see it. */
export interface BuiltSite {
  readonly pages: readonly SitePage[];
  /** Every file's site path, `/`-rooted (`/2012/index.html`, `/favicon.svg`). */
  readonly files: ReadonlySet<string>;
}

/** One thing wrong with one page. */
export interface SiteProblem {
  /** Site path of the page the problem is on. */
  readonly page: string;
  /** The offending link, element or rule, as found in the page. */
  readonly item: string;
  /** What is wrong, in words a person can act on. */
  readonly message: string;
}

/** Formats problems one per line for a test failure or a script's output. */
export function formatProblems(problems: readonly SiteProblem[]): string {
  return problems.map((p) => `${p.page}: ${p.item} — ${p.message}`).join('\n');
}
