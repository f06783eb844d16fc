/**
 * The post index: every list, archive, pagination, prev/next link and feed is
 * read from the one index built here, so nothing is sorted or filtered twice.
 * Pure: it receives plain entries, so tests need no Astro.
 */

import { slugifyTitle } from './slug.ts';
import { formatCategoryPath, formatMonthPath, formatPostPath, formatYearPath } from './urls.ts';

/** The frontmatter fields the index needs (a subset of the `news` schema). */
export interface PostFields {
  readonly title: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly categories: readonly string[];
  readonly description?: string | undefined;
  readonly draft: boolean;
  readonly slug?: string | undefined;
}

/** A source entry: its fields, where it came from, and the opaque thing to render. */
export interface PostSource<E> {
  /** Path of the source file relative to the project root, named in errors. */
  readonly filePath: string;
  readonly data: PostFields;
  /** The content-collection entry, handed back for rendering. */
  readonly entry: E;
}

/** A category as a reader sees it. */
export interface CategoryRef {
  readonly name: string;
  readonly slug: string;
  readonly path: string;
}

/** A published post with everything pages and feeds need. */
export interface Post<E> {
  readonly entry: E;
  readonly filePath: string;
  readonly title: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly description?: string | undefined;
  readonly slug: string;
  /** `/YYYY/MM/DD/slug/`. */
  readonly path: string;
  readonly categories: readonly CategoryRef[];
}

/** Posts of one category, newest first. */
export interface CategoryListing<E> extends CategoryRef {
  readonly posts: readonly Post<E>[];
}

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
  /** Years newest first. */
  readonly years: readonly YearArchive<E>[];
  /** Older and newer post of a published post. */
  readonly neighbours: (post: Post<E>) => Neighbours<E>;
}

/** A post the index refuses, named by file and field so the author can fix it. */
export class PostIndexError extends Error {
  override name = 'PostIndexError';
}

/** Builds a post from its source, or explains in the error which file and field are wrong. */
function toPost<E>(source: PostSource<E>): Post<E> {
  const { data, filePath } = source;
  const slug = data.slug ?? slugifyTitle(data.title);
  if (slug === '') {
    throw new PostIndexError(
      `${filePath}: field "title" gives an empty permalink slug ("${data.title}"); add a "slug" field`,
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
    path: formatPostPath(data.pubDate, slug),
    categories: data.categories.map((name) => {
      const ref = toCategoryRef(name);
      if (ref.slug === '') {
        throw new PostIndexError(
          `${filePath}: field "categories" has "${name}", which gives an empty /category/ slug; use a name with letters or digits`,
        );
      }
      return ref;
    }),
  };
}

/** A category name as a linkable reference. */
export function toCategoryRef(name: string): CategoryRef {
  const slug = slugifyTitle(name);
  return { name, slug, path: formatCategoryPath(slug) };
}

/** Newest first; same instant falls back to the permalink so the order never depends on file order. */
function compareNewestFirst<E>(a: Post<E>, b: Post<E>): number {
  return b.pubDate.getTime() - a.pubDate.getTime() || a.path.localeCompare(b.path);
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

/** Groups posts into years and months, newest first. */
export function groupArchives<E>(posts: readonly Post<E>[]): YearArchive<E>[] {
  const byYear = groupBy(posts, (post) => post.pubDate.getUTCFullYear());
  return [...byYear].map(([year, yearPosts]) => ({
    year,
    path: formatYearPath(year),
    posts: yearPosts,
    months: [...groupBy(yearPosts, (post) => post.pubDate.getUTCMonth() + 1)].map(
      ([month, monthPosts]) => ({
        year,
        month,
        path: formatMonthPath(year, month),
        posts: monthPosts,
      }),
    ),
  }));
}

/** Lists categories by name, each with its posts in the given (newest-first) order. */
function groupCategories<E>(posts: readonly Post<E>[]): CategoryListing<E>[] {
  const bySlug = new Map<string, { ref: CategoryRef; posts: Post<E>[] }>();
  for (const post of posts) {
    for (const ref of post.categories) {
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
 * Builds the index: validates permalinks across all sources, drops drafts,
 * sorts newest first, and groups by category and month.
 */
export function indexPosts<E>(sources: readonly PostSource<E>[]): PostIndex<E> {
  const all = sources.map(toPost);
  assertUniquePaths(all);
  const draftFiles = new Set(sources.filter((s) => s.data.draft).map((s) => s.filePath));
  const posts = all.filter((post) => !draftFiles.has(post.filePath)).sort(compareNewestFirst);
  const position = new Map(posts.map((post, index) => [post, index]));
  return {
    posts,
    categories: groupCategories(posts),
    years: groupArchives(posts),
    neighbours(post) {
      const index = position.get(post);
      if (index === undefined) return {};
      return { newer: posts[index - 1], older: posts[index + 1] };
    },
  };
}

/** Route parameters of a post's `/[year]/[month]/[day]/[slug]/` page. */
export function toPostRouteParams(post: Post<unknown>): {
  year: string;
  month: string;
  day: string;
  slug: string;
} {
  const [year = '', month = '', day = ''] = post.path.split('/').filter(Boolean);
  return { year, month, day, slug: post.slug };
}

/** Route parameters of a month archive's `/[year]/[month]/` page. */
export function toMonthRouteParams(archive: MonthArchive<unknown>): {
  year: string;
  month: string;
} {
  const [year = '', month = ''] = archive.path.split('/').filter(Boolean);
  return { year, month };
}
