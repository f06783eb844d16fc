/**
 * The one place posts are read from the content collection. Pages, feeds and
 * the notifier ask these functions; none of them sorts or filters posts.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from '../site.ts';
import type { CommentArchive } from './comments.ts';
import { paginateItems, type ListingPage } from './pagination.ts';
import {
  indexPosts,
  orderForHome,
  type CategoryListing,
  type Post,
  type PostIndex,
} from './posts.ts';
import { formatCategoryPath, formatTagPath } from './urls.ts';
import { indexSitePages, listNavLinks, type NavLink, type SitePage } from './site-pages.ts';

/** A page collection entry. */
export type PageEntry = CollectionEntry<'pages'>;
/** A published standalone page. */
export type PublishedPage = SitePage<PageEntry>;

/** A News collection entry. */
export type NewsEntry = CollectionEntry<'news'>;
/** A published News post. */
export type NewsPost = Post<NewsEntry>;

let cached: Promise<PostIndex<NewsEntry>> | undefined;

/**
 * Reads the collection and indexes it; computed once per build (recomputed per
 * request in dev). "Now" is the build's start: a post dated later is scheduled
 * and appears from the first build on or after its date.
 */
export function getPostIndex(): Promise<PostIndex<NewsEntry>> {
  const load = async () =>
    indexPosts(
      (await getCollection('news')).map((entry) => ({
        filePath: entry.filePath ?? entry.id,
        data: entry.data,
        entry,
      })),
      { now: new Date(), timeZone: site.timeZone },
    );
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}

/** Published posts, newest first. Drafts are never included. */
export async function getPublishedPosts(): Promise<readonly NewsPost[]> {
  return (await getPostIndex()).posts;
}

/** The home page and its `/page/N/` pages. */
export async function getHomePages(): Promise<ListingPage<NewsPost>[]> {
  return paginateItems(orderForHome(await getPublishedPosts()), site.postsPerPage, '/');
}

/** Each category or tag with its listing pages: `formatPath(slug)`, then `page/N/`. */
function paginateTerms(
  terms: readonly CategoryListing<NewsEntry>[],
  formatPath: (slug: string) => string,
): { term: CategoryListing<NewsEntry>; page: ListingPage<NewsPost> }[] {
  return terms.flatMap((term) =>
    paginateItems(term.posts, site.postsPerPage, formatPath(term.slug)).map((page) => ({
      term,
      page,
    })),
  );
}

/** Every category with its pages (`/category/<slug>/`, then `page/N/`). */
export async function getCategoryPages(): Promise<
  { category: CategoryListing<NewsEntry>; page: ListingPage<NewsPost> }[]
> {
  const { categories } = await getPostIndex();
  return paginateTerms(categories, formatCategoryPath).map(({ term, page }) => ({
    category: term,
    page,
  }));
}

/** Every tag with its pages (`/tag/<slug>/`, then `page/N/`). */
export async function getTagPages(): Promise<
  { tag: CategoryListing<NewsEntry>; page: ListingPage<NewsPost> }[]
> {
  const { tags } = await getPostIndex();
  return paginateTerms(tags, formatTagPath).map(({ term, page }) => ({ tag: term, page }));
}

let cachedPages: Promise<PublishedPage[]> | undefined;

/** Published standalone pages, their addresses checked against every post's. */
export function getSitePages(): Promise<PublishedPage[]> {
  const load = async () => {
    const posts = (await getPostIndex()).posts;
    return indexSitePages(
      (await getCollection('pages')).map((entry) => ({
        id: entry.id,
        filePath: entry.filePath ?? entry.id,
        data: entry.data,
        entry,
      })),
      new Map(posts.map((post) => [post.path, post.filePath])),
    );
  };
  if (import.meta.env.DEV) return load();
  cachedPages ??= load();
  return cachedPages;
}

/** The pages marked for the header navigation. */
export async function getNavLinks(): Promise<NavLink[]> {
  return listNavLinks(await getSitePages(), (page) => page.entry.data);
}

let cachedComments: Promise<ReadonlyMap<number, CommentArchive>> | undefined;

/** Every imported post's comment archive, by the post's `wordpressId`; read once per build. */
function getCommentArchives(): Promise<ReadonlyMap<number, CommentArchive>> {
  const load = async () =>
    new Map((await getCollection('comments')).map((entry) => [entry.data.wordpressId, entry.data]));
  if (import.meta.env.DEV) return load();
  cachedComments ??= load();
  return cachedComments;
}

/** A post's comment archive, or undefined (not imported, or no approved comment). */
export async function findCommentArchive(post: NewsPost): Promise<CommentArchive | undefined> {
  const id = post.entry.data.wordpressId;
  return id === undefined ? undefined : (await getCommentArchives()).get(id);
}

/** The comment archives of `posts`, in their order (see `findCommentArchive`). */
export function findCommentArchives(
  posts: readonly NewsPost[],
): Promise<(CommentArchive | undefined)[]> {
  return Promise.all(posts.map(findCommentArchive));
}
