import { describe, expect, test } from 'vitest';
import {
  FEED_FORMATS,
  getFeedFormat,
  listFeedPaths,
  mapFeedFormats,
  type FeedFormat,
} from '../../src/lib/feed-formats.ts';
import { renderFeed, type FeedChannel } from '../../src/lib/feeds.ts';

const channel: FeedChannel = {
  title: 'Blog',
  description: 'Tagline',
  language: 'en',
  author: 'Author',
  homeUrl: 'https://blog.example/',
  feedUrls: mapFeedFormats((spec) => `https://blog.example/${spec.fileName}`),
  items: [],
};

describe('the feed format table', () => {
  test('file names and media types are unique', () => {
    const names = FEED_FORMATS.map((spec) => spec.fileName);
    const types = FEED_FORMATS.map((spec) => spec.mediaType);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(types).size).toBe(types.length);
  });

  test.each([
    ['rss', '/category/news/feed.xml', 'application/rss+xml'],
    ['atom', '/category/news/atom.xml', 'application/atom+xml'],
    ['json', '/category/news/feed.json', 'application/feed+json'],
  ] as const)('%s is %s, served as %s', (format, path, mediaType) => {
    expect(listFeedPaths('/category/news/')[format]).toBe(path);
    expect(getFeedFormat(format).mediaType).toBe(mediaType);
  });

  test.each(FEED_FORMATS.map((spec) => [spec.format]))(
    '%s has a renderer that writes its own address',
    async (format) => {
      const document = await renderFeed(format as FeedFormat, channel);
      expect(document).toContain(channel.feedUrls[format as FeedFormat]);
    },
  );
});
