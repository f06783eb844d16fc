import { describe, expect, test } from 'vitest';
import { readPingedByHub, selectChangedFeeds } from '../../src/websub/changes.ts';

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

describe('readPingedByHub', () => {
  const byHub = { 'https://hub.example/': { 'https://blog.example/feed.xml': 'a1' } };
  test.each([
    ['the record per hub', byHub, byHub],
    ['an empty record', {}, {}],
    // The earlier file: hashes by feed URL, no hub named. Nothing counts as pinged.
    ['hashes by feed URL alone', { 'https://blog.example/feed.xml': 'a1' }, {}],
    ['a list', [], undefined],
    ['a hash that is not text', { 'https://hub.example/': { 'https://b/feed.xml': 1 } }, undefined],
    ['null', null, undefined],
  ])('%s', (_, data, expected) => {
    expect(readPingedByHub(data)).toEqual(expected);
  });
});
