import { describe, expect, test } from 'vitest';
import { checkExternalRequests } from '../../../src/build/checks/external-requests.ts';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';

const origin = 'https://blog.fastmail.fm';

describe('checkExternalRequests', () => {
  test.each([
    [
      '<link rel="stylesheet" href="https://fonts.example/css">',
      'link[rel=stylesheet] https://fonts.example/css',
    ],
    ['<script src="//cdn.example/x.js"></script>', 'script[src] //cdn.example/x.js'],
    [
      '<img src="http://www.fastmail.fm/logo.gif" alt="">',
      'img[src] http://www.fastmail.fm/logo.gif',
    ],
    [
      '<img srcset="/a.png 1x, https://cdn.example/b.png 2x" alt="">',
      'img[srcset] https://cdn.example/b.png',
    ],
    [
      '<style>body{background:url("https://t.example/p.gif")}</style>',
      'style url() https://t.example/p.gif',
    ],
    [
      '<iframe src="https://www.youtube.com/embed/x" title="v"></iframe>',
      'iframe[src] https://www.youtube.com/embed/x',
    ],
    [
      '<link rel="preconnect" href="https://cdn.example">',
      'link[rel=preconnect] https://cdn.example',
    ],
  ])('reports %s', (html, item) => {
    const site = createBuiltSite([{ path: '/p/', html }]);
    expect(checkExternalRequests(site, origin)).toEqual([
      { page: '/p/', item, message: expect.stringContaining('another origin') },
    ]);
  });

  test.each([
    '<a href="https://www.fastmail.fm/">a link is not a request</a>',
    `<link rel="canonical" href="${origin}/p/">`,
    '<link rel="alternate" type="application/rss+xml" href="https://feeds.example/x">',
    '<img src="/a.png" alt="">',
    '<img src="data:image/gif;base64,R0lGOD" alt="">',
    '<form action="https://elsewhere.example/"></form>',
  ])('accepts %s', (html) => {
    expect(checkExternalRequests(createBuiltSite([{ path: '/p/', html }]), origin)).toEqual([]);
  });
});
