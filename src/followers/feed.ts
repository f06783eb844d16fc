/**
 * Where post emails get their content: the built `dist/feed.json` (JSON Feed
 * 1.1). It already holds the newest posts with full HTML, absolute links and
 * the permalink as `id`, so notify needs neither Astro nor the content
 * collection, and mails exactly what was deployed.
 */
import { readFileSync } from 'node:fs';
import type { FeedPost } from './messages.ts';

/** Reads the posts of a JSON Feed file, newest first as the feed lists them. */
export function readFeedPosts(feedPath: string): FeedPost[] {
  let feed: unknown;
  try {
    feed = JSON.parse(readFileSync(feedPath, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${feedPath}: run \`npm run build\` first.`, { cause: error });
  }
  return parseFeedPosts(feed, feedPath);
}

/** Checks a parsed JSON Feed and returns its posts; throws naming the bad item. */
export function parseFeedPosts(feed: unknown, source = 'feed.json'): FeedPost[] {
  const items = (feed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error(`${source} has no "items" list.`);
  return items.map((item: Record<string, unknown>, index) => {
    const fields = ['id', 'url', 'title', 'content_html', 'date_published'] as const;
    for (const field of fields) {
      if (typeof item?.[field] !== 'string' || item[field] === '') {
        throw new Error(`${source}: item ${index} has no "${field}".`);
      }
    }
    // Optional fields: older feeds lack them, and a post without tags is in no category.
    const tags = Array.isArray(item.tags) ? item.tags.filter((tag) => typeof tag === 'string') : [];
    return {
      id: item.id as string,
      url: item.url as string,
      title: item.title as string,
      contentHtml: item.content_html as string,
      datePublished: item.date_published as string,
      ...(typeof item.summary === 'string' ? { summary: item.summary } : {}),
      categories: tags as string[],
    };
  });
}
