/**
 * The XSL stylesheet that turns the site's RSS and Atom feeds into a readable
 * page when a person opens one in a browser: what a feed is, its address to
 * copy, the other formats, the Follow-by-email form and the newest posts.
 * Feed readers ignore the `<?xml-stylesheet?>` instruction, so the feeds they
 * read are unchanged. Pure: options in, XSL text out; no JavaScript in the page.
 */
import { FEED_FORMATS, getFeedFormat, type FeedFormat } from './feed-formats.ts';
import { escapeXml } from './feeds.ts';

/** Site path of the stylesheet every RSS and Atom feed references. */
export const FEED_STYLESHEET_PATH = '/feed-style.xsl';

/** What the stylesheet page shows besides the feed itself. */
export interface FeedStylesheetOptions {
  /** `<html lang>`. */
  readonly lang: string;
  /** Site title, linking home. */
  readonly siteTitle: string;
  /** Site tagline under the title. */
  readonly tagline: string;
  /** The site's stylesheet, inlined so the page looks like the site (light and dark). */
  readonly css: string;
  /** Where the Follow form posts. */
  readonly followEndpoint: string;
  /** Name of the Follow form's honeypot field. */
  readonly honeypotField: string;
  /** "Join N other followers", as the footer shows it. */
  readonly followCountText: string;
}

/** How to read one feed format's document with XPath (namespace prefix `atom` bound to Atom). */
interface FeedReader {
  /** The channel element the page template matches. */
  readonly channel: string;
  readonly title: string;
  readonly description: string;
  /** The feed's own address. */
  readonly self: string;
  /** The page the feed mirrors. */
  readonly home: string;
  /** The entries, relative to the channel. */
  readonly items: string;
  /** The entry element the item template matches. */
  readonly item: string;
  readonly itemTitle: string;
  readonly itemLink: string;
  readonly itemSummary: string;
  /** Builds the date call from the entry's date element. */
  readonly itemDate: 'rfc822' | 'iso';
  readonly itemDateField: string;
}

/** The formats a browser can style (XML ones), each with its XPath reader. */
const FEED_READERS: Partial<Record<FeedFormat, FeedReader>> = {
  rss: {
    channel: '/rss/channel',
    title: 'title',
    description: 'description',
    self: "atom:link[@rel='self']/@href",
    home: 'link',
    items: 'item',
    item: 'item',
    itemTitle: 'title',
    itemLink: 'link',
    itemSummary: 'description',
    itemDate: 'rfc822',
    itemDateField: 'pubDate',
  },
  atom: {
    channel: '/atom:feed',
    title: 'atom:title',
    description: 'atom:subtitle',
    self: "atom:link[@rel='self']/@href",
    home: "atom:link[@rel='alternate']/@href",
    items: 'atom:entry',
    item: 'atom:entry',
    itemTitle: 'atom:title',
    itemLink: "atom:link[@rel='alternate']/@href",
    itemSummary: 'atom:summary',
    itemDate: 'iso',
    itemDateField: 'atom:published',
  },
};

/**
 * What a browser navigating to a page sends in `Accept` and a feed reader does
 * not: browsers list `text/html` first, feed readers ask for feed and XML types.
 */
export const BROWSER_ACCEPT_PATTERN = 'text/html';

/**
 * The media type a styled feed is served with to browsers. Chromium shows
 * `application/rss+xml` and `application/atom+xml` as plain text and never applies
 * the stylesheet; as `application/xml` (the same bytes) it does. Feed readers keep
 * getting the format's own type.
 */
export const STYLED_FEED_MEDIA_TYPE = 'application/xml';

/** Media type of the XSL stylesheet itself. */
export const FEED_STYLESHEET_MEDIA_TYPE = 'text/xsl';

/** The `Content-Type` (without charset) to serve a feed with, given the request's `Accept`. */
export function resolveFeedMediaType(format: FeedFormat, accept: string): string {
  return isStyledFeedFormat(format) && accept.toLowerCase().includes(BROWSER_ACCEPT_PATTERN)
    ? STYLED_FEED_MEDIA_TYPE
    : getFeedFormat(format).mediaType;
}

/** The formats whose feeds carry the stylesheet instruction. */
export function isStyledFeedFormat(format: FeedFormat): boolean {
  return FEED_READERS[format] !== undefined;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Named templates turning a feed date into `<time datetime="2012-05-21">21 May 2012</time>`. */
function renderDateTemplates(): string {
  const monthNames = MONTHS.map(
    (name, at) => `<xsl:when test="$month = ${at + 1}">${name}</xsl:when>`,
  ).join('');
  return `<xsl:template name="time">
<xsl:param name="year"/><xsl:param name="month"/><xsl:param name="day"/>
<time datetime="{$year}-{format-number($month, '00')}-{format-number($day, '00')}"><xsl:value-of select="number($day)"/><xsl:text> </xsl:text><xsl:choose>${monthNames}</xsl:choose><xsl:text> </xsl:text><xsl:value-of select="$year"/></time>
</xsl:template>
<xsl:template name="rfc822-time">
<xsl:param name="value"/>
<xsl:variable name="rest" select="normalize-space(substring-after($value, ','))"/>
<xsl:call-template name="time">
<xsl:with-param name="day" select="substring-before($rest, ' ')"/>
<xsl:with-param name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring($rest, 4, 3))) div 3 + 1"/>
<xsl:with-param name="year" select="substring($rest, 8, 4)"/>
</xsl:call-template>
</xsl:template>
<xsl:template name="iso-time">
<xsl:param name="value"/>
<xsl:call-template name="time">
<xsl:with-param name="year" select="substring($value, 1, 4)"/>
<xsl:with-param name="month" select="number(substring($value, 6, 2))"/>
<xsl:with-param name="day" select="substring($value, 9, 2)"/>
</xsl:call-template>
</xsl:template>`;
}

/** The Follow form, the same plain form as the site footer's (works without JavaScript). */
function renderFollowForm(options: FeedStylesheetOptions): string {
  const endpoint = escapeXml(options.followEndpoint);
  const honeypot = escapeXml(options.honeypotField);
  return `<section class="follow-widget" aria-labelledby="follow-heading">
<h2 id="follow-heading">Follow by email</h2>
<p>Get every new post delivered to your Inbox.</p>
<form method="post" action="${endpoint}">
<label for="follow-email">Email address</label>
<input id="follow-email" type="email" name="email" required="required" maxlength="254" autocomplete="email" placeholder="name@example.com"/>
<div class="follow-honeypot" aria-hidden="true">
<label for="follow-website">Leave this field empty</label>
<input id="follow-website" type="text" name="${honeypot}" tabindex="-1" autocomplete="off"/>
</div>
<button type="submit">Follow</button>
</form>
<p class="follow-count">${escapeXml(options.followCountText)}</p>
</section>`;
}

/**
 * The page template of one format: the whole HTML document around the feed's entries.
 * No `<meta charset>`: XSLT's html output method writes its own Content-Type meta.
 */
function renderChannelTemplate(
  format: FeedFormat,
  reader: FeedReader,
  options: FeedStylesheetOptions,
): string {
  const own = getFeedFormat(format);
  const others = FEED_FORMATS.filter((spec) => spec.format !== format)
    .map(
      (spec) =>
        `<li><a href="{$base}${escapeXml(spec.fileName)}">${escapeXml(spec.label)}</a></li>`,
    )
    .join('');
  return `<xsl:template match="${reader.channel}">
<xsl:variable name="self" select="${reader.self}"/>
<xsl:variable name="base" select="substring($self, 1, string-length($self) - ${own.fileName.length})"/>
<html lang="${escapeXml(options.lang)}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="${reader.title}"/> (${escapeXml(own.label)} feed)</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
<style>${escapeXml(options.css)}</style>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header"><div class="wrap">
<p class="site-title"><a href="/">${escapeXml(options.siteTitle)}</a></p>
<p class="tagline">${escapeXml(options.tagline)}</p>
</div></header>
<main id="content" class="wrap feed-page" tabindex="-1">
<h1><xsl:value-of select="${reader.title}"/></h1>
<p><xsl:value-of select="${reader.description}"/></p>
<section class="feed-about" aria-labelledby="feed-about-heading">
<h2 id="feed-about-heading">This is a web feed</h2>
<p>Copy its address into your feed reader to get every new post as it is published.</p>
<label for="feed-address">Feed address (${escapeXml(own.label)})</label>
<input id="feed-address" class="feed-address" type="url" readonly="readonly" value="{$self}"/>
<p>The same feed in other formats:</p>
<ul class="feed-links">${others}</ul>
</section>
${renderFollowForm(options)}
<h2>Newest posts</h2>
<ul class="feed-entries"><xsl:apply-templates select="${reader.items}"/></ul>
<p><a href="{${reader.home}}">Read the posts on the site</a></p>
</main>
</body>
</html>
</xsl:template>
<xsl:template match="${reader.item}">
<li>
<h3><a href="{${reader.itemLink}}"><xsl:value-of select="${reader.itemTitle}"/></a></h3>
<p class="post-date"><xsl:call-template name="${reader.itemDate}-time"><xsl:with-param name="value" select="${reader.itemDateField}"/></xsl:call-template></p>
<p><xsl:value-of select="${reader.itemSummary}"/></p>
</li>
</xsl:template>`;
}

/** The whole XSL stylesheet, one page template per styled format. */
export function renderFeedStylesheet(options: FeedStylesheetOptions): string {
  const styled = FEED_FORMATS.flatMap(({ format }) => {
    const reader = FEED_READERS[format];
    return reader ? [{ format, reader }] : [];
  });
  const channels = styled.map(({ reader }) => reader.channel).join(' | ');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">',
    '<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>',
    // Only the channel templates write output; stray text nodes elsewhere stay out.
    `<xsl:template match="/"><xsl:apply-templates select="${channels}"/></xsl:template>`,
    ...styled.map(({ format, reader }) => renderChannelTemplate(format, reader, options)),
    renderDateTemplates(),
    '</xsl:stylesheet>',
    '',
  ].join('\n');
}
