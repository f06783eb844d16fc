/**
 * What one export item becomes: the decisions of the import for a post or page
 * (publish, draft, schedule or skip; title, slug, dates, terms, author, address),
 * made from the item's text alone. Pure: tests feed it items written by hand.
 */
import { decodeHTML } from 'entities';
import { DomUtils, parseDocument } from 'htmlparser2';
import { isRealCalendarDay } from '../../lib/calendar-dates.ts';
import { PERMALINK_PATTERN, SLUG_PATTERN, slugifyTitle } from '../../lib/slug.ts';
import type { WxrItem, WxrTerm } from './wxr.ts';

/** What WordPress shows for a post without a title (its admin lists it so). */
export const UNTITLED = '(no title)';

/** Why an item is not imported as a post or page. */
export type SkipReason =
  | 'trash'
  | 'revision'
  | 'auto-draft'
  | 'attachment'
  | 'nav_menu_item'
  | 'reusable block (shown where a post uses it)'
  | 'draft without a date'
  | `other type: ${string}`;

/** A category or tag as frontmatter writes it. */
export type PlannedTerm = string | { readonly name: string; readonly slug: string };

/** A post or page the import will write. */
export interface PlannedEntry {
  readonly kind: 'post' | 'page';
  readonly wordpressId: number;
  readonly line: number;
  readonly title: string;
  /** True when WordPress had no title (listed in the report). */
  readonly untitled: boolean;
  readonly status: 'published' | 'scheduled' | 'draft';
  /** True when the post was password-protected (imported as a draft, listed). */
  readonly passwordProtected: boolean;
  /** `YYYY-MM-DDTHH:MM:SS±HH:MM`, in the old blog's local time. */
  readonly pubDate: string;
  readonly pubInstant: Date;
  readonly updatedDate: string | undefined;
  readonly slug: string;
  /** Decoded path of the item's `<link>` on the old blog, when it has one. */
  readonly oldPath: string | undefined;
  readonly parentId: number;
  readonly menuOrder: number;
  readonly categories: readonly PlannedTerm[];
  readonly tags: readonly PlannedTerm[];
  readonly author: string | undefined;
  readonly sticky: boolean;
  readonly excerpt: string | undefined;
  /** The attachment WordPress showed as the post's featured image (`_thumbnail_id`), if any. */
  readonly featuredImageId: number | undefined;
  /** True for a draft WordPress never dated (`0000-00-00`): dated by its last change instead. */
  readonly datedByModified: boolean;
}

/** An item the export cannot import, named so the author can find it. */
export class ImportItemError extends Error {
  override name = 'ImportItemError';
}

/** Names an item in messages: ID, title and line. */
export function describeItem(item: Pick<WxrItem, 'id' | 'title' | 'line'>): string {
  const title = item.title.trim() === '' ? UNTITLED : `"${readPlainText(item.title)}"`;
  return `item ${item.id || '(no ID)'} ${title} (line ${item.line})`;
}

/** Text of a title or excerpt that may hold markup or entities: tags dropped, entities decoded, spaces collapsed. */
export function readPlainText(html: string): string {
  return DomUtils.textContent(parseDocument(html, { decodeEntities: true }).children)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A WordPress local date-time ("2012-05-21 09:30:00") as parts, or undefined when absent or impossible. */
function parseWordPressDate(text: string): number[] | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  if (year === 0 || !isRealCalendarDay(year, month, day)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return parts;
}

/** Minutes the local time is ahead of UTC, from an item's local and GMT dates; undefined without a GMT date. */
export function readOffsetMinutes(local: string, gmt: string): number | undefined {
  const a = parseWordPressDate(local);
  const b = parseWordPressDate(gmt);
  if (!a || !b) return undefined;
  const toMs = (p: number[]) => Date.UTC(p[0]!, p[1]! - 1, p[2], p[3], p[4], p[5]);
  return Math.round((toMs(a) - toMs(b)) / 60_000);
}

/** `+10:00`, `-05:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A local date-time with its offset as ISO 8601, and the instant it names. */
function toIsoDate(
  local: string,
  offsetMinutes: number,
): { text: string; instant: Date } | undefined {
  const parts = parseWordPressDate(local);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.map((part) =>
    String(part).padStart(2, '0'),
  );
  const text = `${year}-${month}-${day}T${hour}:${minute}:${second}${formatOffset(offsetMinutes)}`;
  return { text, instant: new Date(text) };
}

/** The decoded path of an item's link on the old blog, when it is an address (not `?p=123`). */
export function readOldPath(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.search !== '' || url.pathname === '/' || url.pathname === '') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  return path.endsWith('/') ? path : `${path}/`;
}

/** The slug WordPress stored (percent-decoded), or one made from the title, or the ID. */
function readSlug(item: WxrItem, title: string): string {
  let decoded = item.postName.trim();
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A stray % in a slug: keep it as written and let the fallbacks below decide.
  }
  decoded = decoded.toLowerCase();
  if (SLUG_PATTERN.test(decoded)) return decoded;
  const fromTitle = slugifyTitle(decoded || title);
  return SLUG_PATTERN.test(fromTitle) ? fromTitle : item.id;
}

/** A term as frontmatter writes it: the bare name when its slug is the one the site would make. */
function toPlannedTerm(term: WxrTerm): PlannedTerm {
  const name = decodeHTML(term.name).trim() || term.slug;
  let slug = term.slug;
  try {
    slug = decodeURIComponent(term.slug);
  } catch {
    // Keep the slug as written.
  }
  if (!SLUG_PATTERN.test(slug) || slug === slugifyTitle(name)) return name;
  return { name, slug };
}

/**
 * An item's terms of one taxonomy, each once. WXR 1.0 marks tags
 * `domain="tag"` (WordPress's importer maps it to `post_tag`), and writes
 * each term twice, with and without its slug: the one with the slug is kept.
 */
function listTerms(terms: readonly WxrTerm[], taxonomy: 'category' | 'post_tag'): PlannedTerm[] {
  const byName = new Map<string, WxrTerm>();
  for (const term of terms) {
    const domain = term.domain === 'tag' ? 'post_tag' : term.domain;
    if (domain !== taxonomy) continue;
    const key = (decodeHTML(term.name).trim() || term.slug).toLowerCase();
    const seen = byName.get(key);
    if (seen === undefined || (seen.slug === '' && term.slug !== '')) byName.set(key, term);
  }
  return [...byName.values()].map(toPlannedTerm);
}

/** The featured image's attachment ID (`_thumbnail_id` post meta), if the item has one. */
function readFeaturedImageId(item: WxrItem): number | undefined {
  const value = Number(item.meta.find((entry) => entry.key === '_thumbnail_id')?.value ?? '');
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The author's display name: WordPress stores it through `_wp_specialchars`
 * (`Se&aacute;n &amp; Ana`), so it is decoded; an unknown login stays as it is.
 */
function readAuthor(login: string, authors: ReadonlyMap<string, string>): string | undefined {
  const name = decodeHTML(authors.get(login.trim()) ?? login).trim();
  return name === '' ? undefined : name;
}

/**
 * Decides what an item becomes: a planned post or page, or a reason to skip it.
 * `offsetMinutes` is the old blog's usual UTC offset, for drafts that carry no GMT date.
 */
export function planItem(
  item: WxrItem,
  authors: ReadonlyMap<string, string>,
  offsetMinutes: number,
): PlannedEntry | { readonly skip: SkipReason } {
  const type = item.type.trim();
  const status = item.status.trim();
  if (type === 'attachment') return { skip: 'attachment' };
  if (type === 'revision') return { skip: 'revision' };
  if (type === 'nav_menu_item') return { skip: 'nav_menu_item' };
  if (type === 'wp_block') return { skip: 'reusable block (shown where a post uses it)' };
  if (type !== 'post' && type !== 'page') return { skip: `other type: ${type || '(none)'}` };
  if (status === 'trash') return { skip: 'trash' };
  if (status === 'auto-draft' || status === 'inherit') return { skip: 'auto-draft' };

  const id = Number(item.id);
  if (!Number.isInteger(id) || id <= 0) {
    throw new ImportItemError(`${describeItem(item)}: has no WordPress ID (wp:post_id)`);
  }
  const rawTitle = readPlainText(item.title);
  const title = rawTitle === '' ? UNTITLED : rawTitle;
  const passwordProtected = item.password.trim() !== '';
  const planStatus =
    status === 'publish' && !passwordProtected
      ? 'published'
      : status === 'future' && !passwordProtected
        ? 'scheduled'
        : 'draft';
  let postDate = item.postDate;
  let postDateGmt = item.postDateGmt;
  const undated = postDate.trim() === '' || postDate.startsWith('0000-00-00');
  if (undated && planStatus === 'draft') {
    // A draft WordPress never dated: its last change is the best date there is.
    if (parseWordPressDate(item.modified) === undefined) return { skip: 'draft without a date' };
    postDate = item.modified;
    postDateGmt = item.modifiedGmt;
  } else if (undated) {
    throw new ImportItemError(`${describeItem(item)}: has no date (wp:post_date)`);
  }
  const offset = readOffsetMinutes(postDate, postDateGmt) ?? offsetMinutes;
  const published = toIsoDate(postDate, offset);
  if (!published) {
    throw new ImportItemError(
      `${describeItem(item)}: wp:post_date "${item.postDate}" is not a real date and time`,
    );
  }
  const modifiedOffset = readOffsetMinutes(item.modified, item.modifiedGmt) ?? offset;
  const modified = toIsoDate(item.modified, modifiedOffset);
  const oldPath = readOldPath(item.link);
  if (oldPath !== undefined && !PERMALINK_PATTERN.test(oldPath)) {
    throw new ImportItemError(
      `${describeItem(item)}: its address ${oldPath} cannot be kept (a segment is empty, "." or ".." or holds a space)`,
    );
  }
  const excerpt = readPlainText(item.excerpt);
  return {
    kind: type,
    wordpressId: id,
    line: item.line,
    title,
    untitled: rawTitle === '',
    status: planStatus,
    passwordProtected,
    pubDate: published.text,
    pubInstant: published.instant,
    // WordPress touches the modified date on every save; only a later day is worth showing.
    updatedDate:
      modified && modified.instant.getTime() - published.instant.getTime() > 24 * 60 * 60 * 1000
        ? modified.text
        : undefined,
    slug: readSlug(item, rawTitle),
    oldPath,
    parentId: Number(item.parent) || 0,
    menuOrder: Number(item.menuOrder) || 0,
    categories: listTerms(item.terms, 'category'),
    tags: listTerms(item.terms, 'post_tag'),
    author: readAuthor(item.creator, authors),
    sticky: item.sticky.trim() === '1',
    excerpt: excerpt === '' ? undefined : excerpt,
    featuredImageId: readFeaturedImageId(item),
    datedByModified: undated,
  };
}
