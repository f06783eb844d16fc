/**
 * Rule: every internal link, asset and `#anchor` on every page resolves.
 * A link is internal when it is relative or on the site's own origin
 * (canonical URLs and feeds use the absolute production origin).
 */
import { scanPage, type PageScan } from './page-urls.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/** What else, besides files in dist/, a link may point to. */
export interface InternalLinkOptions {
  /** Production origin, e.g. `https://blog.fastmail.fm`: absolute URLs on it are internal. */
  readonly origin: string;
  /** Old paths the web server redirects (legacy WordPress URLs); linking to them is allowed. */
  readonly redirectSources?: Iterable<string> | undefined;
  /** Path prefixes answered by a service, not by files (e.g. `/followers/`). */
  readonly servicePrefixes?: readonly string[] | undefined;
}

/** Decodes a path's or fragment's percent-escapes, keeping malformed ones as written. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The dist/ file a site path is served from, or a problem message. */
function resolveTarget(
  path: string,
  files: ReadonlySet<string>,
): { file: string } | { problem: string } {
  if (path.endsWith('/')) {
    return files.has(`${path}index.html`)
      ? { file: `${path}index.html` }
      : { problem: 'no page at this path in dist/' };
  }
  if (files.has(path)) return { file: path };
  if (files.has(`${path}/index.html`)) {
    return { problem: `answers only with a redirect to ${path}/; link to that instead` };
  }
  return { problem: 'no file at this path in dist/' };
}

/**
 * Checks every internal URL and fragment of every page of `site`; a page
 * with a scan in `scans` (see page-scans.ts) is not parsed again.
 */
export function checkInternalLinks(
  site: BuiltSite,
  options: InternalLinkOptions,
  scans: ReadonlyMap<string, PageScan> = new Map(),
): SiteProblem[] {
  const origin = new URL(options.origin).origin;
  const redirects = new Set(options.redirectSources ?? []);
  const servicePrefixes = options.servicePrefixes ?? [];
  // One pass per page finds both its URLs and its anchors (the targets of other pages' fragments).
  const scanned = site.pages.map((page) => ({
    page,
    scan: scans.get(page.path) ?? scanPage(page.html),
  }));
  const anchorsByFile = new Map(
    scanned.map(({ page, scan }) => [
      page.path.endsWith('/') ? `${page.path}index.html` : page.path,
      scan.anchors,
    ]),
  );

  const problems: SiteProblem[] = [];
  for (const { page, scan } of scanned) {
    const seen = new Set<string>();
    for (const { raw, source } of scan.urls) {
      const item = `${source} ${raw}`;
      if (seen.has(item)) continue;
      seen.add(item);
      const report = (message: string) => problems.push({ page: page.path, item, message });
      if (raw.trim() === '') {
        report('empty URL');
        continue;
      }
      let url: URL;
      try {
        url = new URL(raw, `${origin}${page.path}`);
      } catch {
        report('not a valid URL');
        continue;
      }
      if (url.origin !== origin) continue;
      const path = decode(url.pathname);
      if (servicePrefixes.some((prefix) => path.startsWith(prefix))) continue;
      if (redirects.has(path)) continue;
      const target = resolveTarget(path, site.files);
      if ('problem' in target) {
        report(target.problem);
        continue;
      }
      const fragment = decode(url.hash.slice(1));
      // An empty fragment and "#top" mean the top of the page (HTML spec).
      if (fragment === '' || fragment.toLowerCase() === 'top') continue;
      const anchors = anchorsByFile.get(target.file);
      if (anchors && !anchors.has(fragment)) {
        report(`no element with id "${fragment}" on ${path}`);
      }
    }
  }
  return problems;
}
