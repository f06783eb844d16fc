import { describe, expect, test } from 'vitest';
import { planComments } from '../../../src/import/wordpress/comments.ts';
import type { WxrComment } from '../../../src/import/wordpress/wxr.ts';

/** A comment with what the export usually carries. */
const comment = (overrides: Partial<WxrComment>): WxrComment => ({
  id: '1',
  parent: '0',
  author: 'Reader',
  authorUrl: '',
  date: '2012-05-21 20:00:00',
  dateGmt: '2012-05-21 10:00:00',
  content: 'Text',
  approved: '1',
  type: '',
  ...overrides,
});
const plan = (comments: WxrComment[]) =>
  planComments(101, comments, 600, (html) => `<p>${html}</p>`);

describe('planComments', () => {
  test.each([
    ['approved', { approved: '1' }, 1, 0, {}],
    ['a pingback', { type: 'pingback' }, 0, 1, {}],
    ['a trackback', { type: 'trackback' }, 0, 1, {}],
    ['spam', { approved: 'spam' }, 0, 0, { spam: 1 }],
    ['trash', { approved: 'trash' }, 0, 0, { trash: 1 }],
    ['awaiting moderation', { approved: '0' }, 0, 0, { unapproved: 1 }],
  ])('%s', (_, overrides, comments, pings, skipped) => {
    const result = plan([comment(overrides)]);
    expect(result.archive?.comments.length ?? 0).toBe(comments);
    expect(result.archive?.pings.length ?? 0).toBe(pings);
    expect(result.skipped).toEqual({ spam: 0, trash: 0, unapproved: 0, ...skipped });
  });

  test.each([
    ['a web address', 'https://ann.example/', 'https://ann.example/'],
    ['none', '', undefined],
    ['a javascript: address', 'javascript:alert(1)', undefined],
    ['a mail address', 'mailto:a@b.example', undefined],
  ])('an author address: %s', (_, authorUrl, url) => {
    expect(plan([comment({ authorUrl })]).archive?.comments[0]?.url).toBe(url);
  });

  test.each([
    ['with a GMT date', '2012-05-21 20:00:00', '2012-05-21 10:00:00', '2012-05-21T20:00:00+10:00'],
    [
      'without one: the usual offset',
      '2012-05-21 20:00:00',
      '0000-00-00 00:00:00',
      '2012-05-21T20:00:00+10:00',
    ],
    [
      'with only the GMT date: at offset zero',
      '',
      '2012-05-21 10:00:00',
      '2012-05-21T10:00:00+00:00',
    ],
  ])('dates %s', (_, local, dateGmt, date) => {
    expect(plan([comment({ date: local, dateGmt })]).archive?.comments[0]?.date).toBe(date);
  });

  test('nothing approved: no archive (the post shows "Comments Off")', () => {
    expect(plan([comment({ approved: 'spam' })]).archive).toBeUndefined();
    expect(plan([]).archive).toBeUndefined();
  });

  test('the text goes through the converter; entities in names are decoded', () => {
    const [kept] = plan([comment({ author: 'A &amp; B', content: 'Hi' })]).archive!.comments;
    expect(kept).toMatchObject({ author: 'A & B', html: '<p>Hi</p>', parentId: 0, id: 1 });
  });
});
