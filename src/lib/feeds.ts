/**
 * The feed renderers (RSS 2.0, Atom 1.0, JSON Feed 1.1), one per row of
 * `FEED_FORMATS`, from one channel description. Pure: the channel arrives with
 * each item's HTML rendered.
 */
import { getRssString } from '@astrojs/rss';
import type { FeedFormat } from './feed-formats.ts';

/** One post in a feed. */
export interface FeedItem {
  readonly title: string;
  /** Absolute permalink; also the item's permanent id. */
  readonly url: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly categories: readonly string[];
  /** Plain-text summary. */
  readonly summary: string;
  /** Full post HTML with absolute URLs. */
  readonly contentHtml: string;
}

/** A feed: the site's, or one category's. */
export interface FeedChannel {
  readonly title: string;
  readonly description: string;
  readonly language: string;
  readonly author: string;
  /** Absolute URL of the page the feed mirrors. */
  readonly homeUrl: string;
  /** Absolute URLs of this channel's feeds, one per format. */
  readonly feedUrls: Readonly<Record<FeedFormat, string>>;
  /**
   * Site path of the XSL stylesheet browsers render the XML feeds with; feed
   * readers ignore it. None: the feeds carry no `<?xml-stylesheet?>`.
   */
  readonly stylesheet?: string | undefined;
  /** WebSub hub the feeds advertise (`rel="hub"`, JSON Feed `hubs`); none by default. */
  readonly hub?: string | undefined;
  /** Newest first. */
  readonly items: readonly FeedItem[];
}

/** Characters XML 1.0 forbids, which would make every parser reject the feed. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(
      /[&<>"']/g,
      (char) =>
        ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char,
    );
}

/** The instant a feed last changed: its newest publication or update. */
export function findLastUpdated(items: readonly FeedItem[], fallback = new Date(0)): Date {
  return items.reduce((latest, item) => {
    const changed = item.updatedDate ?? item.pubDate;
    return changed > latest ? changed : latest;
  }, fallback);
}

/** RSS 2.0 with `content:encoded`, built by @astrojs/rss (guid = permalink). */
export async function renderRss(channel: FeedChannel): Promise<string> {
  return getRssString({
    title: channel.title,
    description: channel.description,
    site: channel.homeUrl,
    trailingSlash: true,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    ...(channel.stylesheet ? { stylesheet: channel.stylesheet } : {}),
    customData: [
      `<language>${escapeXml(channel.language)}</language>`,
      `<lastBuildDate>${findLastUpdated(channel.items).toUTCString()}</lastBuildDate>`,
      `<atom:link href="${escapeXml(channel.feedUrls.rss)}" rel="self" type="application/rss+xml"/>`,
      ...(channel.hub ? [`<atom:link href="${escapeXml(channel.hub)}" rel="hub"/>`] : []),
    ].join(''),
    items: channel.items.map((item) => ({
      title: item.title,
      link: item.url,
      pubDate: item.pubDate,
      description: item.summary,
      content: item.contentHtml,
      categories: [...item.categories],
    })),
  });
}

/** Atom 1.0 (RFC 4287): entry id = permalink, full HTML content. */
export function renderAtom(channel: FeedChannel): string {
  const entries = channel.items.map((item) =>
    [
      '<entry>',
      `<title type="text">${escapeXml(item.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
      `<id>${escapeXml(item.url)}</id>`,
      `<published>${item.pubDate.toISOString()}</published>`,
      `<updated>${(item.updatedDate ?? item.pubDate).toISOString()}</updated>`,
      ...item.categories.map((name) => `<category term="${escapeXml(name)}"/>`),
      `<summary type="text">${escapeXml(item.summary)}</summary>`,
      `<content type="html">${escapeXml(item.contentHtml)}</content>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    ...(channel.stylesheet
      ? [`<?xml-stylesheet href="${escapeXml(channel.stylesheet)}" type="text/xsl"?>`]
      : []),
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(channel.language)}">`,
    `<title type="text">${escapeXml(channel.title)}</title>`,
    `<subtitle type="text">${escapeXml(channel.description)}</subtitle>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(channel.homeUrl)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(channel.feedUrls.atom)}"/>`,
    ...(channel.hub ? [`<link rel="hub" href="${escapeXml(channel.hub)}"/>`] : []),
    `<id>${escapeXml(channel.homeUrl)}</id>`,
    `<updated>${findLastUpdated(channel.items).toISOString()}</updated>`,
    `<author><name>${escapeXml(channel.author)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1: id = permalink, `content_html` in full. */
export function renderJsonFeed(channel: FeedChannel): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: channel.title,
      description: channel.description,
      home_page_url: channel.homeUrl,
      feed_url: channel.feedUrls.json,
      ...(channel.hub ? { hubs: [{ type: 'WebSub', url: channel.hub }] } : {}),
      language: channel.language,
      authors: [{ name: channel.author }],
      items: channel.items.map((item) => ({
        id: item.url,
        url: item.url,
        title: item.title,
        summary: item.summary,
        content_html: item.contentHtml,
        date_published: item.pubDate.toISOString(),
        ...(item.updatedDate ? { date_modified: item.updatedDate.toISOString() } : {}),
        tags: item.categories,
      })),
    },
    null,
    2,
  );
}

/** One renderer per format in `FEED_FORMATS` (TypeScript refuses a format without one). */
const FEED_RENDERERS: Record<FeedFormat, (channel: FeedChannel) => string | Promise<string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** The feed document of a channel in one format. */
export async function renderFeed(format: FeedFormat, channel: FeedChannel): Promise<string> {
  return FEED_RENDERERS[format](channel);
}
