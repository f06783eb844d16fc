/**
 * Where a build's time went, read from its log: every line carries the
 * moment the benchmark received it, so phases are the gaps between marker
 * lines (Astro prints seconds only), and Astro's per-page lines
 * (`├─ /path/index.html (+3ms)`) are summed by route kind.
 */

/** One log line and when it arrived, in milliseconds since the build started. */
export interface TimedLine {
  readonly atMs: number;
  readonly text: string;
}

/** Route kinds pages are grouped by, first match wins. */
const ROUTE_KINDS: readonly (readonly [kind: string, pattern: RegExp])[] = [
  ['post', /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\//],
  ['feed', /\.(xml|json|txt|xsl)\/?$/],
  ['category', /^\/category\//],
  ['tag', /^\/tag\//],
  ['archive', /^\/\d{4}\/(\d{2}\/)?(page\/\d+\/)?index\.html$/],
  ['listing', /^\/(page\/\d+\/)?index\.html$/],
  ['help', /^\/help\//],
];

/** Names the kind of a built page from its output path (`/2024/01/02/slug/index.html` → post). */
export function classifyRoute(path: string): string {
  return ROUTE_KINDS.find(([, pattern]) => pattern.test(path))?.[0] ?? 'other';
}

/** Phases of one build, in milliseconds; a phase whose markers are missing is absent. */
export type BuildPhases = Record<string, number>;

/** Phase boundaries: a phase ends at the first line matching its marker after the previous one. */
const PHASE_MARKERS: readonly (readonly [phase: string, marker: RegExp])[] = [
  ['startup + config', /Syncing content|\[content\]/],
  ['content sync + types', /Building static entrypoints|building .*entrypoints/i],
  ['bundling (MDX/Markdown modules)', /generating static routes/i],
  ['page generation', /Completed in|page\(s\) built/],
  ['sitemap + astro exit', /^Checked internal links/],
];

/** Splits a build log into phases (content sync, bundling, pages, link check, search, publish). */
export function measureBuildPhases(lines: readonly TimedLine[], totalMs: number): BuildPhases {
  const phases: BuildPhases = {};
  let from = 0;
  let cursor = 0;
  for (const [phase, marker] of PHASE_MARKERS) {
    const found = lines.findIndex((line, index) => index >= cursor && marker.test(line.text));
    if (found < 0) continue;
    phases[phase] = lines[found]!.atMs - from;
    from = lines[found]!.atMs;
    cursor = found + 1;
  }
  // build-site.ts reports its own steps' durations ("… in 1.2 s").
  for (const [phase, marker] of [
    ['link check', /^Checked internal links.* in ([\d.]+) s/],
    ['search index', /^Search index.* in ([\d.]+) s/],
    ['publish', /^Published .* in ([\d.]+) s/],
  ] as const) {
    const match = lines.map((line) => marker.exec(line.text)).find(Boolean);
    if (match) phases[phase] = Number(match[1]) * 1000;
  }
  // The link-check line ends the Astro phase but arrives after the check itself.
  if (phases['sitemap + astro exit'] !== undefined && phases['link check'] !== undefined)
    phases['sitemap + astro exit'] -= phases['link check'];
  phases.total = totalMs;
  return phases;
}

/** Sums Astro's per-page times by route kind: milliseconds and page count per kind. */
export function measureRouteTimes(
  lines: readonly TimedLine[],
): Record<string, { ms: number; pages: number }> {
  const kinds: Record<string, { ms: number; pages: number }> = {};
  for (const { text } of lines) {
    const match = /[├└]─ (\S+) \(\+(\d+)ms\)/.exec(text);
    if (!match) continue;
    const kind = classifyRoute(match[1]!);
    kinds[kind] ??= { ms: 0, pages: 0 };
    kinds[kind].ms += Number(match[2]);
    kinds[kind].pages++;
  }
  return kinds;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function findMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
