import { describe, expect, test } from 'vitest';
import {
  describeCommentStatus,
  formatCommentCount,
  threadComments,
  type ArchivedComment,
  type CommentThread,
} from '../../src/lib/comments.ts';

/** A comment written at minute `minute` of a fixed hour. */
const at = (id: number, parentId: number, minute: number): ArchivedComment => ({
  id,
  parentId,
  author: `Author ${id}`,
  date: new Date(Date.UTC(2012, 4, 21, 10, minute)),
  html: `<p>${id}</p>`,
});

/** The tree as [id, depth, replies]. */
const shape = (threads: readonly CommentThread[]): unknown[] =>
  threads.map((thread) => [thread.comment.id, thread.depth, shape(thread.replies)]);

describe('threadComments', () => {
  test.each([
    ['none', [], []],
    [
      'three levels, oldest first at each',
      [at(3, 2, 3), at(1, 0, 1), at(2, 1, 2), at(4, 0, 0), at(5, 1, 5)],
      [
        [4, 1, []],
        [
          1,
          1,
          [
            [2, 2, [[3, 3, []]]],
            [5, 2, []],
          ],
        ],
      ],
    ],
    [
      'a reply to a comment not kept moves to the top',
      [at(2, 9, 2), at(1, 0, 1)],
      [
        [1, 1, []],
        [2, 1, []],
      ],
    ],
    ['a comment that names itself as parent stays', [at(1, 1, 1)], [[1, 1, []]]],
    [
      'equal dates by ID',
      [at(2, 0, 1), at(1, 0, 1)],
      [
        [1, 1, []],
        [2, 1, []],
      ],
    ],
  ])('%s', (_, comments, expected) => {
    expect(shape(threadComments(comments))).toEqual(expected);
  });
});

describe('formatCommentCount', () => {
  test.each([
    [1, '1 Comment'],
    [2, '2 Comments'],
    [12, '12 Comments'],
  ])('%i → %s', (count, text) => {
    expect(formatCommentCount(count)).toBe(text);
  });
});

describe('describeCommentStatus', () => {
  test.each([
    ['no archive', undefined, { label: 'Comments Off', href: undefined }],
    ['an empty archive', { comments: [], pings: [] }, { label: 'Comments Off', href: undefined }],
    [
      'comments and a ping',
      { comments: [at(1, 0, 1), at(2, 1, 2)], pings: [at(3, 0, 3)] },
      { label: '3 Comments', href: '/2012/05/21/a/#comments' },
    ],
  ])('%s', (_, archive, status) => {
    expect(describeCommentStatus('/2012/05/21/a/', archive)).toEqual(status);
  });
});
