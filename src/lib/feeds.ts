/**
 * The feed renderers (RSS 2.0, Atom 1.0, JSON Feed 1.1), one per row of
 * `FEED_FORMATS`, from one channel description. Pure: the channel arrives with
 * each item's HTML rendered.
 */
import type { FeedFormat } from './feed-formats.ts';
import { summarizeBody } from './summary.ts';
import { formatAbsoluteUrl } from './urls.ts';

/** One post in a feed. */
export interface FeedItem {
  readonly title: string;
  /** Absolute permalink; also the item's permanent id unless it has a `guid`. */
  readonly url: string;
  /**
   * The item's id when it is not the permalink: the id the post had in the
   * feeds of the blog it came from (WordPress's `http://old.example/?p=123`),
   * so readers that saw it there do not show it as new again. Written as RSS
   * `<guid isPermaLink="false">` and Atom `<id>`, the two formats the old blog
   * had. JSON Feed, which it did not have, keeps the permalink as `id`: the
   * follower service tells posts apart by it (a post given its old guid later
   * must not be mailed again), and the JSON Feed spec prefers the URL.
   */
  readonly guid?: string | undefined;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  /** The post's author, when it names one; the channel's `author` stands for the rest. */
  readonly author?: string | undefined;
  /** Names of the post's categories, then of its tags, each once. */
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

/** Text without the characters XML 1.0 forbids (a vertical tab pasted from a PDF, U+FFFF). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char,
  );
}

/**
 * The channel with every text stripped of what XML forbids: the one cleaning
 * every renderer starts from, so RSS, Atom and JSON Feed carry the same text
 * and no post can make an XML feed unreadable.
 */
export function cleanFeedChannel(channel: FeedChannel): FeedChannel {
  const clean = stripInvalidXmlChars;
  const cleanOptional = (text: string | undefined) => (text === undefined ? text : clean(text));
  return {
    ...channel,
    title: clean(channel.title),
    description: clean(channel.description),
    language: clean(channel.language),
    author: clean(channel.author),
    items: channel.items.map((item) => ({
      ...item,
      title: clean(item.title),
      guid: cleanOptional(item.guid),
      author: cleanOptional(item.author),
      categories: item.categories.map(clean),
      summary: clean(item.summary),
      contentHtml: clean(item.contentHtml),
    })),
  };
}

/** A feed item's categories: a post's category names, then its tag names, each once (as WordPress's feeds). */
export function listFeedCategories(post: {
  readonly categories: readonly { readonly name: string }[];
  readonly tags: readonly { readonly name: string }[];
}): string[] {
  return [...new Set([...post.categories, ...post.tags].map((term) => term.name))];
}

/** What a feed item is made from: a published post (the part of `NewsPost` feeds read). */
export interface FeedPost {
  readonly title: string;
  /** Site path of the post. */
  readonly path: string;
  readonly pubDate: Date;
  readonly updatedDate?: Date | undefined;
  readonly description?: string | undefined;
  readonly author?: string | undefined;
  readonly categories: readonly { readonly name: string }[];
  readonly tags: readonly { readonly name: string }[];
  /** The content entry: its summary paragraph (`body`) and the feed id kept from an old blog. */
  readonly entry: {
    readonly body?: string | undefined;
    readonly data: { readonly guid?: string | undefined };
  };
}

/**
 * A post as a feed item: absolute permalink, the id kept from the old blog
 * (if any), its author, categories and tags, its description or the summary
 * of its first paragraph, and `contentHtml` (its body with absolute URLs).
 */
export function describeFeedItem(post: FeedPost, origin: string, contentHtml: string): FeedItem {
  return {
    title: post.title,
    url: formatAbsoluteUrl(post.path, origin),
    guid: post.entry.data.guid,
    pubDate: post.pubDate,
    updatedDate: post.updatedDate,
    author: post.author,
    categories: listFeedCategories(post),
    summary: post.description ?? summarizeBody(post.entry.body ?? ''),
    contentHtml,
  };
}

/** The item's permanent id: its kept `guid`, else its permalink. */
export function findItemId(item: FeedItem): string {
  return item.guid ?? item.url;
}

/** The instant a feed last changed: its newest publication or update. */
export function findLastUpdated(items: readonly FeedItem[], fallback = new Date(0)): Date {
  return items.reduce((latest, item) => {
    const changed = item.updatedDate ?? item.pubDate;
    return changed > latest ? changed : latest;
  }, fallback);
}

/** One element with escaped text content. */
function formatElement(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/**
 * RSS 2.0 with `content:encoded` and `dc:creator`. Written here rather than by
 * @astrojs/rss: it always writes the link as `<guid isPermaLink="true">`, and
 * its `customData` goes through an XML parse that turns text such as `007` or
 * `1e5` into numbers, so a kept guid could not pass through it unchanged.
 */
export function renderRss(feed: FeedChannel): string {
  const channel = cleanFeedChannel(feed);
  const items = channel.items.map((item) =>
    [
      '<item>',
      formatElement('title', item.title),
      formatElement('link', item.url),
      `<guid isPermaLink="${item.guid === undefined}">${escapeXml(findItemId(item))}</guid>`,
      // An item needs a title or a description; an empty summary is left out.
      ...(item.summary === '' ? [] : [formatElement('description', item.summary)]),
      formatElement('pubDate', item.pubDate.toUTCString()),
      ...(item.author === undefined ? [] : [formatElement('dc:creator', item.author)]),
      formatElement('content:encoded', item.contentHtml),
      ...item.categories.map((name) => formatElement('category', name)),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    ...(channel.stylesheet
      ? [`<?xml-stylesheet href="${escapeXml(channel.stylesheet)}" type="text/xsl"?>`]
      : []),
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    formatElement('title', channel.title),
    formatElement('description', channel.description),
    formatElement('link', channel.homeUrl),
    formatElement('language', channel.language),
    formatElement('lastBuildDate', findLastUpdated(channel.items).toUTCString()),
    `<atom:link href="${escapeXml(channel.feedUrls.rss)}" rel="self" type="application/rss+xml"/>`,
    ...(channel.hub ? [`<atom:link href="${escapeXml(channel.hub)}" rel="hub"/>`] : []),
    ...items,
    '</channel>',
    '</rss>',
  ].join('');
}

/** Atom 1.0 (RFC 4287): entry id = kept guid or permalink, full HTML content. */
export function renderAtom(feed: FeedChannel): string {
  const channel = cleanFeedChannel(feed);
  const entries = channel.items.map((item) =>
    [
      '<entry>',
      `<title type="text">${escapeXml(item.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
      `<id>${escapeXml(findItemId(item))}</id>`,
      `<published>${item.pubDate.toISOString()}</published>`,
      `<updated>${(item.updatedDate ?? item.pubDate).toISOString()}</updated>`,
      ...(item.author === undefined
        ? []
        : [`<author><name>${escapeXml(item.author)}</name></author>`]),
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
export function renderJsonFeed(feed: FeedChannel): string {
  const channel = cleanFeedChannel(feed);
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
        // Always the permalink: see `FeedItem.guid`.
        id: item.url,
        url: item.url,
        title: item.title,
        summary: item.summary,
        content_html: item.contentHtml,
        date_published: item.pubDate.toISOString(),
        ...(item.updatedDate ? { date_modified: item.updatedDate.toISOString() } : {}),
        ...(item.author === undefined ? {} : { authors: [{ name: item.author }] }),
        tags: item.categories,
      })),
    },
    null,
    2,
  );
}

/** One renderer per format in `FEED_FORMATS` (TypeScript refuses a format without one). */
const FEED_RENDERERS: Record<FeedFormat, (channel: FeedChannel) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** The feed document of a channel in one format. */
export async function renderFeed(format: FeedFormat, channel: FeedChannel): Promise<string> {
  return FEED_RENDERERS[format](channel);
}
