/**
 * The one place posts are read from the content collection. Pages, feeds and
 * the notifier ask these functions; none of them sorts or filters posts.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from '../site.ts';
import { paginateItems, type ListingPage } from './pagination.ts';
import { indexPosts, type CategoryListing, type Post, type PostIndex } from './posts.ts';
import { formatCategoryPath } from './urls.ts';

/** A News collection entry. */
export type NewsEntry = CollectionEntry<'news'>;
/** A published News post. */
export type NewsPost = Post<NewsEntry>;

let cached: Promise<PostIndex<NewsEntry>> | undefined;

/** Reads the collection and indexes it; computed once per build (recomputed per request in dev). */
export function getPostIndex(): Promise<PostIndex<NewsEntry>> {
  const load = async () =>
    indexPosts(
      (await getCollection('news')).map((entry) => ({
        filePath: entry.filePath ?? entry.id,
        data: entry.data,
        entry,
      })),
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
  return paginateItems(await getPublishedPosts(), site.postsPerPage, '/');
}

/** Every category with its pages (`/category/<slug>/`, then `page/N/`). */
export async function getCategoryPages(): Promise<
  { category: CategoryListing<NewsEntry>; page: ListingPage<NewsPost> }[]
> {
  const { categories } = await getPostIndex();
  return categories.flatMap((category) =>
    paginateItems(category.posts, site.postsPerPage, formatCategoryPath(category.slug)).map(
      (page) => ({ category, page }),
    ),
  );
}
