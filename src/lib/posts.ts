/**
 * The post index: every list, archive, pagination, prev/next link and feed is
 * read from the one index built here, so nothing is sorted or filtered twice.
 * Pure: it receives plain entries, so tests need no Astro.
 */

import { slugifyTitle } from './slug.ts';
import { readCalendarDay } from './time-zone.ts';
import {
  findReservedPathClash,
  formatCategoryPath,
  formatMonthPath,
  formatPostPath,
  formatTagPath,
  formatYearPath,
} from './urls.ts';

/** A category or tag as written in frontmatter: its name, or its name and slug (kept from WordPress). */
export type TermInput = string | { readonly name: string; readonly slug: string };

/** The frontmatter fields the index needs (a subset of the `news` schema). */
export interface PostFields {
  readonly title: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly categories: readonly TermInput[];
  readonly tags?: readonly TermInput[] | undefined;
  readonly description?: string | undefined;
  readonly draft: boolean;
  readonly slug?: string | undefined;
  /** An explicit address, for posts whose old address is not `/YYYY/MM/DD/slug/`. */
  readonly permalink?: string | undefined;
  readonly author?: string | undefined;
  readonly sticky?: boolean | undefined;
}

/** How the index files posts: when "now" is (scheduled posts wait for it) and in which time zone days fall. */
export interface IndexOptions {
  /** Posts dated after this are scheduled: built nowhere yet. */
  readonly now: Date;
  /** Time zone of permalinks and archives (`site.timeZone`). */
  readonly timeZone: string;
}

/** A source entry: its fields, where it came from, and the opaque thing to render. */
export interface PostSource<E> {
  /** Path of the source file relative to the project root, named in errors. */
  readonly filePath: string;
  readonly data: PostFields;
  /** The content-collection entry, handed back for rendering. */
  readonly entry: E;
}

/** A category (or tag) as a reader sees it. */
export interface CategoryRef {
  readonly name: string;
  readonly slug: string;
  readonly path: string;
}

/** A tag as a reader sees it (`/tag/<slug>/`). */
export type TagRef = CategoryRef;

/** A published post with everything pages and feeds need. */
export interface Post<E> {
  readonly entry: E;
  readonly filePath: string;
  readonly title: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly description?: string | undefined;
  readonly slug: string;
  /** `/YYYY/MM/DD/slug/`, or the post's explicit `permalink`. */
  readonly path: string;
  readonly categories: readonly CategoryRef[];
  readonly tags: readonly TagRef[];
  /** Author's display name, when the post names one. */
  readonly author?: string | undefined;
  /** Kept at the top of the home page (WordPress's sticky posts). */
  readonly sticky: boolean;
  /** "By <author>" when the site has more than one author and the post names one. */
  readonly byline?: string | undefined;
}

/** Posts of one category (or tag), newest first. */
export interface CategoryListing<E> extends CategoryRef {
  readonly posts: readonly Post<E>[];
}

/** Posts of one tag, newest first. */
export type TagListing<E> = CategoryListing<E>;

/** Posts of one calendar month, newest first. */
export interface MonthArchive<E> {
  readonly year: number;
  /** 1-based. */
  readonly month: number;
  readonly path: string;
  readonly posts: readonly Post<E>[];
}

/** Posts of one year, by month, newest first. */
export interface YearArchive<E> {
  readonly year: number;
  readonly path: string;
  readonly months: readonly MonthArchive<E>[];
  readonly posts: readonly Post<E>[];
}

/** Neighbours of a post in publication order (WordPress: "previous" is older). */
export interface Neighbours<E> {
  readonly older?: Post<E> | undefined;
  readonly newer?: Post<E> | undefined;
}

/** The whole published site, computed once. */
export interface PostIndex<E> {
  /** Published posts, newest first. Drafts are never here. */
  readonly posts: readonly Post<E>[];
  /** Categories in name order, each with its posts newest first. */
  readonly categories: readonly CategoryListing<E>[];
  /** Tags in name order, each with its posts newest first. */
  readonly tags: readonly TagListing<E>[];
  /** True when published posts name more than one author: then posts show a byline. */
  readonly hasManyAuthors: boolean;
  /** Years newest first. */
  readonly years: readonly YearArchive<E>[];
  /** Older and newer post of a published post. */
  readonly neighbours: (post: Post<E>) => Neighbours<E>;
}

/** A post the index refuses, named by file and field so the author can fix it. */
export class PostIndexError extends Error {
  override name = 'PostIndexError';
}

/** Turns frontmatter terms into references, or names the file and field that gives an empty slug. */
function toTermRefs(
  terms: readonly TermInput[],
  filePath: string,
  field: 'categories' | 'tags',
): CategoryRef[] {
  return terms.map((term) => {
    const ref = field === 'categories' ? toCategoryRef(term) : toTagRef(term);
    if (ref.slug === '') {
      const name = typeof term === 'string' ? term : term.name;
      throw new PostIndexError(
        `${filePath}: field "${field}" has "${name}", which gives an empty slug; use a name with letters or digits, or give its slug`,
      );
    }
    return ref;
  });
}

/** Builds a post from its source, or explains in the error which file and field are wrong. */
function toPost<E>(source: PostSource<E>, timeZone: string): Post<E> {
  const { data, filePath } = source;
  const slug = data.slug ?? slugifyTitle(data.title);
  if (slug === '' && !data.permalink) {
    throw new PostIndexError(
      `${filePath}: field "title" gives an empty permalink slug ("${data.title}"); add a "slug" field`,
    );
  }
  const clash = data.permalink ? findReservedPathClash(data.permalink) : undefined;
  if (clash) {
    throw new PostIndexError(
      `${filePath}: field "permalink" (${data.permalink}) is taken: ${clash}`,
    );
  }
  return {
    entry: source.entry,
    filePath,
    title: data.title,
    pubDate: data.pubDate,
    updatedDate: data.updatedDate,
    description: data.description,
    slug,
    path: data.permalink ?? formatPostPath(data.pubDate, slug, timeZone),
    categories: toTermRefs(data.categories, filePath, 'categories'),
    tags: toTermRefs(data.tags ?? [], filePath, 'tags'),
    author: data.author,
    sticky: data.sticky ?? false,
  };
}

/** The name and slug of a term: a given slug is kept, else made from the name. */
function readTerm(term: TermInput): { name: string; slug: string } {
  return typeof term === 'string' ? { name: term, slug: slugifyTitle(term) } : term;
}

/** A category as a linkable reference. */
export function toCategoryRef(term: TermInput): CategoryRef {
  const { name, slug } = readTerm(term);
  return { name, slug, path: formatCategoryPath(slug) };
}

/** A tag as a linkable reference. */
export function toTagRef(term: TermInput): TagRef {
  const { name, slug } = readTerm(term);
  return { name, slug, path: formatTagPath(slug) };
}

/** Newest first; same instant falls back to the permalink so the order never depends on file order. */
function compareNewestFirst<E>(a: Post<E>, b: Post<E>): number {
  return b.pubDate.getTime() - a.pubDate.getTime() || a.path.localeCompare(b.path);
}

/** The home page's order: sticky posts first (newest first among them), then the rest, as WordPress does. */
export function orderForHome<E>(posts: readonly Post<E>[]): Post<E>[] {
  return [...posts.filter((post) => post.sticky), ...posts.filter((post) => !post.sticky)];
}

/** Fails when two posts (drafts included, since drafts get published) share a permalink. */
function assertUniquePaths<E>(posts: readonly Post<E>[]): void {
  const seen = new Map<string, string>();
  for (const post of posts) {
    const other = seen.get(post.path);
    if (other !== undefined) {
      throw new PostIndexError(
        `${other} and ${post.filePath}: field "slug" collides, both have the permalink ${post.path}; give one of them a different "slug"`,
      );
    }
    seen.set(post.path, post.filePath);
  }
}

/** Groups posts (already newest first) by a key, keeping first-seen order. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Groups posts into years and months (days taken in `timeZone`), newest first. */
export function groupArchives<E>(posts: readonly Post<E>[], timeZone = 'UTC'): YearArchive<E>[] {
  const byYear = groupBy(posts, (post) => readCalendarDay(post.pubDate, timeZone).year);
  return [...byYear].map(([year, yearPosts]) => ({
    year,
    path: formatYearPath(year),
    posts: yearPosts,
    months: [...groupBy(yearPosts, (post) => readCalendarDay(post.pubDate, timeZone).month)].map(
      ([month, monthPosts]) => ({
        year,
        month,
        path: formatMonthPath(year, month),
        posts: monthPosts,
      }),
    ),
  }));
}

/** Lists categories (or tags) by name, each with its posts in the given (newest-first) order. */
function groupTerms<E>(
  posts: readonly Post<E>[],
  termsOf: (post: Post<E>) => readonly CategoryRef[],
): CategoryListing<E>[] {
  const bySlug = new Map<string, { ref: CategoryRef; posts: Post<E>[] }>();
  for (const post of posts) {
    for (const ref of termsOf(post)) {
      const group = bySlug.get(ref.slug);
      if (group) group.posts.push(post);
      else bySlug.set(ref.slug, { ref, posts: [post] });
    }
  }
  return [...bySlug.values()]
    .map(({ ref, posts: categoryPosts }) => ({ ...ref, posts: categoryPosts }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds the index: validates permalinks across all sources, drops drafts and
 * posts scheduled after `now`, sorts newest first, and groups by category,
 * tag and month.
 */
export function indexPosts<E>(
  sources: readonly PostSource<E>[],
  options: IndexOptions = { now: new Date(), timeZone: 'UTC' },
): PostIndex<E> {
  const all = sources.map((source) => toPost(source, options.timeZone));
  assertUniquePaths(all);
  const unpublished = new Set(
    sources
      .filter((s) => s.data.draft || s.data.pubDate.getTime() > options.now.getTime())
      .map((s) => s.filePath),
  );
  const published = all.filter((post) => !unpublished.has(post.filePath));
  const authors = new Set(published.flatMap((post) => (post.author ? [post.author] : [])));
  const posts = published
    .map((post) =>
      authors.size > 1 && post.author ? { ...post, byline: `By ${post.author}` } : post,
    )
    .sort(compareNewestFirst);
  const position = new Map(posts.map((post, index) => [post, index]));
  return {
    posts,
    categories: groupTerms(posts, (post) => post.categories),
    tags: groupTerms(posts, (post) => post.tags),
    hasManyAuthors: authors.size > 1,
    years: groupArchives(posts, options.timeZone),
    neighbours(post) {
      const index = position.get(post);
      if (index === undefined) return {};
      return { newer: posts[index - 1], older: posts[index + 1] };
    },
  };
}

/** Route parameter of a post's page (`src/pages/[...post].astro`): its path without the outer slashes. */
export function toPostRouteParams(post: Post<unknown>): { post: string } {
  return { post: post.path.replace(/^\/|\/$/g, '') };
}

/** Route parameters of a month archive's `/[year]/[month]/` page. */
export function toMonthRouteParams(archive: MonthArchive<unknown>): {
  year: string;
  month: string;
} {
  const [year = '', month = ''] = archive.path.split('/').filter(Boolean);
  return { year, month };
}
