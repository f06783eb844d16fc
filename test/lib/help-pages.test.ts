import { describe, expect, test } from 'vitest';
import { loginTransitions } from '../../src/data/login-transitions.ts';
import type { ServerEntry } from '../../src/data/servers.ts';
import {
  buildTableOfContents,
  findHelpNeighbours,
  formatHelpPath,
  formatServerStatus,
  formatTranscriptLines,
  formatTransitionLine,
  groupTransitions,
  listServerRows,
  sortHelpPages,
} from '../../src/lib/help-pages.ts';

const page = (id: string, sidebarOrder: number, title = id) => ({
  id,
  title,
  description: '',
  sidebarOrder,
  path: formatHelpPath(id),
});

describe('help page order', () => {
  test('by sidebarOrder, then title, then id', () => {
    const sorted = sortHelpPages([page('c', 2), page('b', 1, 'Zebra'), page('a', 1, 'Apple')]);
    expect(sorted.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  test.each([
    ['a', undefined, 'b'],
    ['b', 'a', 'c'],
    ['c', 'b', undefined],
  ])('neighbours of %s: %s and %s', (id, previous, next) => {
    const pages = [page('a', 1), page('b', 2), page('c', 3)];
    const neighbours = findHelpNeighbours(pages, id);
    expect(neighbours.previous?.id).toBe(previous);
    expect(neighbours.next?.id).toBe(next);
  });

  test('an unknown page is an error', () => {
    expect(() => findHelpNeighbours([page('a', 1)], 'x')).toThrow(/No help page/);
  });

  test('help paths', () => {
    expect(formatHelpPath('server-names-and-ports')).toBe('/help/server-names-and-ports/');
  });
});

describe('buildTableOfContents', () => {
  test('## with their ### below; # and #### left out; a leading ### kept', () => {
    const toc = buildTableOfContents([
      { depth: 3, slug: 'early', text: 'Early' },
      { depth: 1, slug: 'title', text: 'Title' },
      { depth: 2, slug: 'one', text: 'One' },
      { depth: 3, slug: 'one-a', text: 'One A' },
      { depth: 4, slug: 'deep', text: 'Deep' },
      { depth: 2, slug: 'two', text: 'Two' },
    ]);
    expect(toc).toEqual([
      { slug: 'early', text: 'Early', children: [] },
      { slug: 'one', text: 'One', children: [{ slug: 'one-a', text: 'One A', children: [] }] },
      { slug: 'two', text: 'Two', children: [] },
    ]);
  });

  test('no headings, no entries', () => {
    expect(buildTableOfContents([])).toEqual([]);
  });
});

describe('server rows', () => {
  const base: ServerEntry = {
    group: 'mail-client',
    service: 'IMAP',
    hostname: 'mail.messagingengine.com',
    port: 993,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: undefined,
  };

  test.each([
    [base, 'Recommended'],
    [{ ...base, recommended: false }, 'Supported'],
    [{ ...base, status: 'disabled', since: '2012-07-14' } as const, 'Disabled since 14 July 2012'],
    [{ ...base, recommended: false, since: '2009-04-16' }, 'Supported since 16 April 2009'],
  ])('formatServerStatus → %s', (entry, expected) => {
    expect(formatServerStatus(entry)).toBe(expected);
  });

  test('listServerRows keeps one group, in table order, as text', () => {
    const rows = listServerRows('mail-client', [
      base,
      { ...base, group: 'web', hostname: 'www.fastmail.fm' },
      {
        ...base,
        port: 143,
        security: 'starttls',
        status: 'disabled',
        since: '2012-07-14',
        note: 'x',
      },
    ]);
    expect(rows).toEqual([
      {
        service: 'IMAP',
        hostname: 'mail.messagingengine.com',
        port: '993',
        security: 'SSL/TLS',
        status: 'Recommended',
        disabled: false,
        note: '',
      },
      {
        service: 'IMAP',
        hostname: 'mail.messagingengine.com',
        port: '143',
        security: 'STARTTLS',
        status: 'Disabled since 14 July 2012',
        disabled: true,
        note: 'x',
      },
    ]);
  });
});

describe('transition rows', () => {
  test.each([
    [0, 'https://www.fastmail.fm -> stays at https://www.fastmail.fm'],
    [6, 'https://sent.com (W) -> https://www.fastmail.fm/?domain=sent.com'],
    [16, 'https://ssl.sent.com (W) -> stays at https://ssl.sent.com/ (W)'],
  ])('row %i reads "%s"', (index, line) => {
    const row = loginTransitions[index];
    if (!row) throw new Error(`no row ${index}`);
    expect(formatTransitionLine(row)).toBe(line);
  });

  test('groups follow the post blocks', () => {
    expect(groupTransitions(loginTransitions).map((rows) => rows.length)).toEqual([7, 2, 4, 4, 2]);
  });
});

test('transcript lines get RFC-style prefixes', () => {
  expect(
    formatTranscriptLines([
      { from: 'server', text: '220 ready' },
      { from: 'client', text: 'STARTTLS', highlight: true },
      { from: 'note', text: 'handshake' },
    ]),
  ).toEqual([
    { text: 'S: 220 ready\n', className: 'transcript-server', highlight: false },
    { text: 'C: STARTTLS\n', className: 'transcript-client', highlight: true },
    { text: '   [handshake]\n', className: 'transcript-note', highlight: false },
  ]);
});
