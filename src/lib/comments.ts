/**
 * The read-only comment archive of a post imported from WordPress: its
 * comments threaded as the old blog showed them (oldest first, replies under
 * their parent), its pingbacks and trackbacks listed apart, and the line under
 * the post ("Comments Off", or "N Comments" linking to the archive). Pure:
 * pages pass what the collection holds.
 */

/** One archived comment as the data file has it (no e-mail or IP: the import never writes them). */
export interface ArchivedComment {
  /** WordPress comment ID; the anchor is `comment-ID`, as on the old blog. */
  readonly id: number;
  /** The comment it replied to (0: none). */
  readonly parentId: number;
  readonly author: string;
  /** The address the author gave, if any: their name links to it. */
  readonly url?: string | undefined;
  readonly date: Date;
  /** Sanitised HTML. */
  readonly html: string;
}

/** A post's archive: comments and pings (pingbacks, trackbacks). */
export interface CommentArchive {
  readonly comments: readonly ArchivedComment[];
  readonly pings: readonly ArchivedComment[];
}

/** A comment with its replies, and how deep it sits (1: top level). */
export interface CommentThread {
  readonly comment: ArchivedComment;
  readonly depth: number;
  readonly replies: readonly CommentThread[];
}

/** What the line under a post says, and where it links (no link: comments were off). */
export interface CommentStatus {
  readonly label: string;
  readonly href: string | undefined;
}

/** The id of the archive's section on the post page. */
export const COMMENTS_ANCHOR = 'comments';

/** Oldest first; equal dates by ID, as WordPress orders them. */
function compareComments(a: ArchivedComment, b: ArchivedComment): number {
  return a.date.getTime() - b.date.getTime() || a.id - b.id;
}

/**
 * Threads comments: replies under their parent, oldest first at each level. A
 * reply whose parent is not in the archive (spam, unapproved) moves to the top
 * level, so no approved comment is lost.
 */
export function threadComments(comments: readonly ArchivedComment[]): CommentThread[] {
  const ids = new Set(comments.map((comment) => comment.id));
  const children = new Map<number, ArchivedComment[]>();
  for (const comment of [...comments].sort(compareComments)) {
    const parent =
      comment.parentId !== comment.id && ids.has(comment.parentId) ? comment.parentId : 0;
    children.set(parent, [...(children.get(parent) ?? []), comment]);
  }
  const seen = new Set<number>();
  const build = (parent: number, depth: number): CommentThread[] =>
    (children.get(parent) ?? [])
      .filter((comment) => !seen.has(comment.id) && seen.add(comment.id))
      .map((comment) => ({ comment, depth, replies: build(comment.id, depth + 1) }));
  return build(0, 1);
}

/** "1 Comment", "3 Comments". */
export function formatCommentCount(count: number): string {
  return `${count} ${count === 1 ? 'Comment' : 'Comments'}`;
}

/**
 * The line under a post: "Comments Off" without an archive (comments were
 * closed, or nobody wrote one), else the count of comments and pings (as
 * WordPress counted them) linking to the archive on the post's page.
 */
export function describeCommentStatus(
  postPath: string,
  archive: CommentArchive | undefined,
): CommentStatus {
  const count = archive ? archive.comments.length + archive.pings.length : 0;
  if (count === 0) return { label: 'Comments Off', href: undefined };
  return { label: formatCommentCount(count), href: `${postPath}#${COMMENTS_ANCHOR}` };
}
