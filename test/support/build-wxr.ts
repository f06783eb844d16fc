/**
 * Small WXR 1.2 exports written in a test, one case each: a channel of the
 * blog `https://blog.example` and items with only the fields a case sets.
 */

/** One `<item>`; fields left out get a published post's values. */
export interface TestItem {
  readonly id: number;
  readonly title?: string;
  readonly type?: string;
  readonly status?: string;
  /** `wp:post_date`, local time. */
  readonly date?: string;
  readonly modified?: string;
  readonly slug?: string;
  /** The item's `<link>`; by default `/YYYY/MM/DD/slug/` from the date and slug. */
  readonly link?: string;
  readonly guid?: string;
  /** `content:encoded`, written in CDATA. */
  readonly content?: string;
  /** `excerpt:encoded` (an attachment's caption), written in CDATA. */
  readonly excerpt?: string;
  readonly parent?: number;
  readonly attachmentUrl?: string;
  /** `_thumbnail_id` and other post meta. */
  readonly meta?: Readonly<Record<string, string>>;
  /** Raw XML added inside the item (`<category>` elements, comments). */
  readonly extra?: string;
}

/** What the channel says about the blog. */
export interface TestChannel {
  readonly link?: string;
  readonly baseSiteUrl?: string;
  /** Raw XML added to the channel before the items (`<wp:category>`, `<wp:author>`). */
  readonly extra?: string;
}

/** The channel's address unless a case gives another. */
export const BLOG = 'https://blog.example';

/** Writes one item. */
function writeItem(item: TestItem): string {
  const slug = item.slug ?? `post-${item.id}`;
  const date = item.date ?? '2012-05-02 10:00:00';
  const link = item.link ?? `${BLOG}/${date.slice(0, 10).replaceAll('-', '/')}/${slug}/`;
  const meta = Object.entries(item.meta ?? {})
    .map(
      ([key, value]) =>
        `<wp:postmeta><wp:meta_key><![CDATA[${key}]]></wp:meta_key><wp:meta_value><![CDATA[${value}]]></wp:meta_value></wp:postmeta>`,
    )
    .join('');
  return `	<item>
		<title>${item.title ?? `Post ${item.id}`}</title>
		<link>${link}</link>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">${item.guid ?? `${BLOG}/?p=${item.id}`}</guid>
		<content:encoded><![CDATA[${item.content ?? `Body of ${item.id}.`}]]></content:encoded>
		<excerpt:encoded><![CDATA[${item.excerpt ?? ''}]]></excerpt:encoded>
		<wp:post_id>${item.id}</wp:post_id>
		<wp:post_date>${date}</wp:post_date>
		<wp:post_date_gmt>${date}</wp:post_date_gmt>
		<wp:post_modified>${item.modified ?? date}</wp:post_modified>
		<wp:post_modified_gmt>${item.modified ?? date}</wp:post_modified_gmt>
		<wp:post_name>${slug}</wp:post_name>
		<wp:status>${item.status ?? 'publish'}</wp:status>
		<wp:post_parent>${item.parent ?? 0}</wp:post_parent>
		<wp:post_type>${item.type ?? 'post'}</wp:post_type>
		${item.attachmentUrl ? `<wp:attachment_url>${item.attachmentUrl}</wp:attachment_url>` : ''}${meta}${item.extra ?? ''}
	</item>`;
}

/** A whole export: declaration, channel and the items, in order. */
export function buildWxr(items: readonly TestItem[], channel: TestChannel = {}): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Test Blog</title>
	<link>${channel.link ?? BLOG}</link>
	<description>A blog for one test</description>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${channel.baseSiteUrl ?? BLOG}</wp:base_site_url>
	<wp:base_blog_url>${channel.link ?? BLOG}</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[Admin]]></wp:author_display_name></wp:author>
${channel.extra ?? ''}
${items.map(writeItem).join('\n')}
</channel>
</rss>
`;
}
