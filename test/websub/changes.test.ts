import { expect, test } from 'vitest';
import { selectChangedFeeds } from '../../src/websub/changes.ts';

const feeds = [
  { url: 'https://blog.example/feed.xml', hash: 'a1' },
  { url: 'https://blog.example/atom.xml', hash: 'b1' },
];

test.each([
  ['nothing pinged yet: every feed', {}, ['feed.xml', 'atom.xml']],
  ['both as pinged: none', { [feeds[0]!.url]: 'a1', [feeds[1]!.url]: 'b1' }, []],
  ['one changed: that one', { [feeds[0]!.url]: 'a0', [feeds[1]!.url]: 'b1' }, ['feed.xml']],
  ['one never pinged: that one', { [feeds[0]!.url]: 'a1' }, ['atom.xml']],
])('%s', (_, pinged, expected) => {
  expect(
    selectChangedFeeds(feeds, pinged).map((feed) => feed.url.replace('https://blog.example/', '')),
  ).toEqual(expected);
});
