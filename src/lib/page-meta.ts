/**
 * What goes in a page's <head>: title, canonical URL, description, OpenGraph
 * and feed links, computed here so layouts only print it.
 */
import { site } from '../site.ts';
import { FEED_FORMATS } from './feed-formats.ts';
import { formatAbsoluteUrl, formatCategoryPath } from './urls.ts';

/** A feed a page advertises with `<link rel="alternate">`. */
export interface FeedLink {
  /** Media type of the feed. */
  readonly type: string;
  readonly title: string;
  readonly href: string;
}

/** Everything a page's head needs. */
export interface PageMeta {
  /** Text of `<title>`. */
  readonly documentTitle: string;
  /** Title without the site name, for OpenGraph. */
  readonly title: string;
  readonly description: string;
  /** Absolute canonical URL. */
  readonly canonical: string;
  readonly ogType: 'website' | 'article';
  readonly publishedTime?: string | undefined;
  readonly modifiedTime?: string | undefined;
  readonly feeds: readonly FeedLink[];
}

/** What a page says about itself. */
export interface PageMetaInput {
  /** Page title; omit for the home page. */
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** Site path of the page, e.g. `/2012/05/21/understanding-ssl-vs-tls-vs-starttls/`. */
  readonly path: string;
  readonly article?: { readonly published: Date; readonly modified?: Date | undefined } | undefined;
  /** Category whose feeds this page advertises besides the site's. */
  readonly category?: { readonly name: string; readonly slug: string } | undefined;
  /** Any other feed scope (a tag) whose feeds this page advertises besides the site's. */
  readonly feedScope?: { readonly name: string; readonly basePath: string } | undefined;
}

/** A scope's feeds under a base path (`/` or `/category/<slug>/`), one per format. */
export function listFeedLinks(basePath: string, label: string): FeedLink[] {
  return FEED_FORMATS.map((spec) => ({
    type: spec.mediaType,
    title: `${label} (${spec.label})`,
    href: `${basePath}${spec.fileName}`,
  }));
}

/** Computes a page's head metadata from what the page says about itself. */
export function describePage(input: PageMetaInput): PageMeta {
  const feeds = listFeedLinks('/', site.title);
  if (input.feedScope) {
    feeds.push(
      ...listFeedLinks(input.feedScope.basePath, `${site.title} » ${input.feedScope.name}`),
    );
  }
  if (input.category) {
    feeds.push(
      ...listFeedLinks(
        formatCategoryPath(input.category.slug),
        `${site.title} » ${input.category.name}`,
      ),
    );
  }
  return {
    documentTitle: input.title ? `${input.title} | ${site.title}` : site.title,
    title: input.title ?? site.title,
    description: input.description ?? site.tagline,
    canonical: formatAbsoluteUrl(input.path, site.url),
    ogType: input.article ? 'article' : 'website',
    publishedTime: input.article?.published.toISOString(),
    modifiedTime: input.article?.modified?.toISOString(),
    feeds,
  };
}
