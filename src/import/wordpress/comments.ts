/**
 * A post's comments as the import keeps them: approved comments and, apart,
 * approved pingbacks and trackbacks, each with its author, the address they
 * gave, the date with the old blog's offset and its text sanitised like post
 * content. Spam, trash and comments awaiting moderation are skipped and
 * counted. The author's e-mail and IP address are never read (src/import/wordpress/wxr.ts).
 * Pure: the caller converts the text and writes the file.
 */
import { formatOffset, readOffsetMinutes, readPlainText } from './items.ts';
import type { WxrComment } from './wxr.ts';

/** Why a comment was left out, for the report. */
export type SkippedCommentReason = 'spam' | 'trash' | 'unapproved';

/** One archived comment as the data file stores it (see `commentArchiveSchema` in src/content.config.ts). */
export interface PlannedComment {
  readonly id: number;
  readonly parentId: number;
  readonly author: string;
  readonly url?: string;
  /** `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
  readonly date: string;
  readonly html: string;
}

/** The file written next to a post: `wp-<ID>.comments.json`. */
export interface PlannedArchive {
  readonly wordpressId: number;
  readonly comments: readonly PlannedComment[];
  readonly pings: readonly PlannedComment[];
}

/** What the planning of one post's comments gives. */
export interface PlannedComments {
  /** Undefined when nothing approved is left: the post shows "Comments Off". */
  readonly archive: PlannedArchive | undefined;
  readonly skipped: Readonly<Record<SkippedCommentReason, number>>;
}

/** An author's address when it is a plain http(s) URL; anything else is dropped. */
function readAuthorUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return /^https?:$/.test(url.protocol) && url.hostname !== '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `2012-05-21 09:30:00` with its offset as ISO 8601, or undefined when it is no date. */
function formatCommentDate(local: string, gmt: string, usualOffset: number): string | undefined {
  const pattern = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;
  const match = pattern.exec(local.trim());
  if (!match || match[1]?.startsWith('0000')) {
    // Only the GMT date (a hand-edited or partial export): it is the time, at offset zero.
    const utc = pattern.exec(gmt.trim());
    return utc && !utc[1]?.startsWith('0000') ? `${utc[1]}T${utc[2]}+00:00` : undefined;
  }
  const offset = readOffsetMinutes(local, gmt) ?? usualOffset;
  return `${match[1]}T${match[2]}${formatOffset(offset)}`;
}

/**
 * Plans one post's comments. `convertText` sanitises a comment's HTML (the
 * importer passes `convertCommentContent`); `usualOffset` is the old blog's
 * UTC offset in minutes, for comments without a GMT date.
 */
export function planComments(
  wordpressId: number,
  comments: readonly WxrComment[],
  usualOffset: number,
  convertText: (html: string) => string,
): PlannedComments {
  const skipped: Record<SkippedCommentReason, number> = { spam: 0, trash: 0, unapproved: 0 };
  const kept: PlannedComment[] = [];
  const pings: PlannedComment[] = [];
  for (const comment of comments) {
    const approved = comment.approved.trim();
    if (approved === 'spam' || approved === 'trash') {
      skipped[approved] += 1;
      continue;
    }
    if (approved !== '1') {
      skipped.unapproved += 1;
      continue;
    }
    const id = Number(comment.id);
    const date = formatCommentDate(comment.date, comment.dateGmt, usualOffset);
    if (!Number.isInteger(id) || id <= 0 || date === undefined) continue;
    const url = readAuthorUrl(comment.authorUrl);
    const planned: PlannedComment = {
      id,
      parentId: Number(comment.parent) || 0,
      author: readPlainText(comment.author) || 'Anonymous',
      ...(url ? { url } : {}),
      date,
      html: convertText(comment.content),
    };
    const type = comment.type.trim();
    if (type === 'pingback' || type === 'trackback') pings.push(planned);
    else kept.push(planned);
  }
  const archive =
    kept.length + pings.length > 0 ? { wordpressId, comments: kept, pings } : undefined;
  return { archive, skipped };
}
