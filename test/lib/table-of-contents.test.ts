import { describe, expect, test } from 'vitest';
import { buildTableOfContents } from '../../src/lib/table-of-contents.ts';

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
