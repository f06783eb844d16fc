/**
 * Every address the old WordPress blog answered that is no page here, and
 * where it leads now: `/?p=ID` and the other query forms, attachment pages,
 * day archives, author pages and the feed variants. Pure: planned from the
 * import's decisions before anything is written; the importer writes the
 * result into src/data/wordpress-redirects.ts.
 *
 * Not here: a post whose old address differs from `/YYYY/MM/DD/slug/` keeps
 * that address as its `permalink` (it answers 200 there, no redirect needed),
 * and `/page/N/` beyond a listing's last page is answered by nginx's generic
 * fallback (src/deploy/nginx/servers/wordpress.ts), since which pages exist
 * depends on the whole site, not the export.
 */
import { decodeHTML } from 'entities';
import { readCalendarDay } from '../../lib/time-zone.ts';
import { formatMonthPath } from '../../lib/urls.ts';
import { toCategoryRef, toTagRef, type TermInput } from '../../lib/posts.ts';
import {
  isSitePath,
  type QueryRedirectRule,
  type RedirectRule,
} from '../../redirects/redirect-table.ts';

/** Paths the legacy table (src/data/legacy-redirects.ts) already redirects: never generated twice. */
const LEGACY_FEED_PATHS = new Set(['/feed/', '/feed/rss2/', '/feed/atom/']);

/** Site-wide feed variants WordPress answered, and the feed each means here. */
const SITE_FEED_VARIANTS: readonly (readonly [string, string])[] = [
  ['/feed/rss/', '/feed.xml'],
  ['/feed/rdf/', '/feed.xml'],
];
// Comment feeds (`/comments/feed/`, a post's `…/feed/`) get no redirect: the
// generated nginx config answers them 410 Gone (src/redirects/wordpress-feeds.ts),
// which tells a reader to stop polling, where a redirect to a page or to the
// posts feed would not.

/** A built entry (post or page) as the redirect plan needs it. */
export interface RedirectEntry {
  readonly kind: 'post' | 'page';
  readonly wordpressId: number;
  /** Its path on this site (decoded). */
  readonly path: string;
  readonly pubInstant: Date;
  /** `YYYY-MM-DD…` in the old blog's local time: the day its archive listed it under. */
  readonly pubDate: string;
  readonly categories: readonly TermInput[];
  readonly tags: readonly TermInput[];
  /** `id` attributes of its content (`attachment_123` on a captioned image). */
  readonly anchors: ReadonlySet<string>;
}

/** An attachment of the export: its ID, parent post and old attachment page. */
export interface RedirectAttachment {
  readonly id: number;
  readonly parentId: number;
  /** Decoded path of its `<link>` (its attachment page), when it had one. */
  readonly oldPath: string | undefined;
}

/** What the plan reads. */
export interface RedirectPlanInput {
  readonly entries: readonly RedirectEntry[];
  readonly attachments: readonly RedirectAttachment[];
  /** The channel's categories and tags with term IDs and WordPress slugs. */
  readonly terms: readonly {
    readonly domain: 'category' | 'post_tag';
    readonly id: number;
    readonly slug: string;
    readonly name: string;
    /** A category's parent's slug ('' or absent for a top-level one): its old address was `/category/parent/child/`. */
    readonly parent?: string;
  }[];
  /** Author logins with their user IDs (undefined when the export gives none). */
  readonly authors: readonly { readonly login: string; readonly id: number | undefined }[];
  /** The site's time zone, for the month archive a day archive goes to. */
  readonly timeZone: string;
}

/** The generated redirects: by path, and by query argument on `/`. */
export interface RedirectPlan {
  readonly paths: RedirectRule[];
  readonly queries: QueryRedirectRule[];
}

/** A WordPress slug as written (percent-encoded for letters beyond ASCII), decoded. */
function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug).toLowerCase();
  } catch {
    return slug.toLowerCase();
  }
}

/** A target path as a Location can carry it: non-ASCII percent-encoded, `#fragment` kept. */
export function encodeTarget(path: string): string {
  return encodeURI(path);
}

/**
 * Plans every redirect; see the module comment. A rule whose old address
 * cannot be a site path (non-ASCII) is left out, and nothing is generated
 * twice or over a page of the import.
 */
export function planWordPressRedirects(input: RedirectPlanInput): RedirectPlan {
  const pagePaths = new Set(input.entries.map((entry) => entry.path));
  const paths: RedirectRule[] = [];
  const taken = new Set<string>(LEGACY_FEED_PATHS);
  const addPath = (from: string, to: string, origin: string) => {
    if (!isSitePath(from) || taken.has(from) || pagePaths.has(from) || from === to) return;
    taken.add(from);
    paths.push({ from, to: encodeTarget(to), origin });
  };
  const queries: QueryRedirectRule[] = [];
  const addQuery = (arg: QueryRedirectRule['arg'], value: string, to: string, origin: string) => {
    queries.push({ arg, value, to: encodeTarget(to), origin });
  };

  const byId = new Map(input.entries.map((entry) => [entry.wordpressId, entry]));
  for (const entry of input.entries) {
    const origin = `WordPress ${entry.kind} ${entry.wordpressId}`;
    addQuery('p', String(entry.wordpressId), entry.path, origin);
    if (entry.kind === 'page') addQuery('page_id', String(entry.wordpressId), entry.path, origin);
  }

  for (const attachment of input.attachments) {
    const parent = byId.get(attachment.parentId);
    if (!parent) continue;
    const anchor = `attachment_${attachment.id}`;
    const to = parent.anchors.has(anchor) ? `${parent.path}#${anchor}` : parent.path;
    const origin = `WordPress attachment ${attachment.id}`;
    addQuery('attachment_id', String(attachment.id), to, origin);
    if (attachment.oldPath) addPath(attachment.oldPath, to, `${origin}, its attachment page`);
  }

  const posts = input.entries.filter((entry) => entry.kind === 'post');
  /** The terms the posts use, by slug and by name (the first of each). */
  const indexRefs = <R extends { name: string; slug: string }>(refs: readonly R[]) => {
    const bySlug = new Map<string, R>();
    const byName = new Map<string, R>();
    for (const ref of refs) {
      if (!bySlug.has(ref.slug)) bySlug.set(ref.slug, ref);
      if (!byName.has(ref.name)) byName.set(ref.name, ref);
    }
    // By slug first: two categories may share a name under different parents (News, News › Asia).
    return (slug: string, name: string) => bySlug.get(slug) ?? byName.get(name);
  };
  const findCategory = indexRefs(posts.flatMap((entry) => entry.categories.map(toCategoryRef)));
  const findTag = indexRefs(posts.flatMap((entry) => entry.tags.map(toTagRef)));
  const parentOf = new Map(
    input.terms
      .filter((term) => term.domain === 'category')
      .map((term) => [decodeSlug(term.slug), decodeSlug(term.parent ?? '')]),
  );
  for (const term of input.terms) {
    const name = decodeHTML(term.name).trim();
    const slug = decodeSlug(term.slug);
    if (term.domain === 'category') {
      const ref = findCategory(slug, name);
      if (!ref) continue;
      const origin = `WordPress category "${name}"`;
      addQuery('cat', String(term.id), ref.path, origin);
      // WordPress filed a child category under its parents: /category/europe/news/.
      const chain = [slug];
      for (
        let parent = parentOf.get(slug);
        parent && chain.length < 10;
        parent = parentOf.get(parent)
      ) {
        if (chain.includes(parent)) break;
        chain.unshift(parent);
      }
      if (chain.length > 1) {
        const old = `/category/${chain.join('/')}/`;
        addPath(old, ref.path, `${origin}, its address under its parent`);
        addPath(`${old}feed/`, `${ref.path}feed.xml`, `${origin}, its RSS feed under its parent`);
      }
      continue;
    }
    const ref = findTag(slug, name);
    if (!ref) continue;
    const origin = `WordPress tag "${name}"`;
    addQuery('tag', term.slug, ref.path, origin);
    addPath(`${ref.path}feed/`, `${ref.path}feed.xml`, `${origin}, its RSS feed`);
    addPath(`${ref.path}feed/atom/`, `${ref.path}atom.xml`, `${origin}, its Atom feed`);
  }

  // The site has no author pages: one author's posts are the blog's posts.
  for (const author of input.authors) {
    const origin = `WordPress author ${author.login}`;
    if (author.id !== undefined) addQuery('author', String(author.id), '/', origin);
    addPath(`/author/${author.login}/`, '/', origin);
    addPath(`/author/${author.login}/feed/`, '/feed.xml', `${origin}, the feed`);
  }

  for (const entry of input.entries) {
    if (entry.kind !== 'post') continue;
    const [year, month, day] = entry.pubDate.slice(0, 10).split('-');
    const local = readCalendarDay(entry.pubInstant, input.timeZone);
    addPath(
      `/${year}/${month}/${day}/`,
      formatMonthPath(local.year, local.month),
      `WordPress day archive of post ${entry.wordpressId}`,
    );
  }

  for (const [from, to] of SITE_FEED_VARIANTS) addPath(from, to, "WordPress's feed variants");

  const seenQueries = new Set<string>();
  return {
    paths,
    queries: queries.filter((rule) => {
      const key = `${rule.arg}=${rule.value}`;
      if (seenQueries.has(key) || !/^[A-Za-z0-9%_.~-]+$/.test(rule.value)) return false;
      seenQueries.add(key);
      return true;
    }),
  };
}
