import { describe, expect, test } from 'vitest';
import { checkInternalLinks } from '../../../src/build/checks/internal-links.ts';
import { scanPage } from '../../../src/build/checks/page-urls.ts';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';

const origin = 'https://blog.fastmail.fm';

/** A page whose body is `body`, at `/from/`. */
function pageWith(body: string) {
  return {
    path: '/from/',
    html: `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`,
  };
}

const target = {
  path: '/2012/05/21/post/',
  html: '<!doctype html><html><body><h2 id="ports">Ports</h2><a name="legacy"></a></body></html>',
};
const otherFiles = ['/feed.xml', '/favicon.svg', '/archives/index.html'];

describe('checkInternalLinks', () => {
  test.each([
    ['a page with its trailing slash', '<a href="/2012/05/21/post/">x</a>'],
    ['a relative link', '<a href="../2012/05/21/post/">x</a>'],
    ['an existing id', '<a href="/2012/05/21/post/#ports">x</a>'],
    ['a legacy a[name]', '<a href="/2012/05/21/post/#legacy">x</a>'],
    ['#top', '<a href="#top">x</a>'],
    ['a feed', '<link rel="alternate" href="/feed.xml">'],
    ['an asset', '<link rel="icon" href="/favicon.svg">'],
    ['the absolute production URL', `<link rel="canonical" href="${origin}/archives/">`],
    ['another site', '<a href="https://www.fastmail.fm/help/">x</a>'],
    ['mailto', '<a href="mailto:support@fastmail.fm">x</a>'],
    ['a service route', '<form action="/followers/subscribe" method="post"></form>'],
    ['a redirect source', '<a href="/help/technology_ssl_vs_tls_starttls.html">x</a>'],
  ])('accepts %s', (_, body) => {
    const site = createBuiltSite([pageWith(body), target], otherFiles);
    const problems = checkInternalLinks(site, {
      origin,
      servicePrefixes: ['/followers/'],
      redirectSources: ['/help/technology_ssl_vs_tls_starttls.html'],
    });
    expect(problems).toEqual([]);
  });

  test.each([
    ['a missing page', '<a href="/2012/05/22/nope/">x</a>', 'a[href] /2012/05/22/nope/', 'no page'],
    ['a missing asset', '<img src="/logo.png" alt="">', 'img[src] /logo.png', 'no file'],
    [
      'a missing anchor',
      '<a href="/2012/05/21/post/#nope">x</a>',
      'a[href] /2012/05/21/post/#nope',
      'id "nope"',
    ],
    ['a missing anchor on the same page', '<a href="#nope">x</a>', 'a[href] #nope', 'id "nope"'],
    [
      'a path without its slash',
      '<a href="/archives">x</a>',
      'a[href] /archives',
      'redirect to /archives/',
    ],
    ['an empty href', '<a href="">x</a>', 'a[href] ', 'empty URL'],
    [
      'a broken canonical',
      `<link rel="canonical" href="${origin}/gone/">`,
      `link[rel=canonical] ${origin}/gone/`,
      'no page',
    ],
    [
      'a service route not allowed',
      '<a href="/followers/count">x</a>',
      'a[href] /followers/count',
      'no file',
    ],
  ])('reports %s with the page and the link', (_, body, item, message) => {
    const site = createBuiltSite([pageWith(body), target], otherFiles);
    const problems = checkInternalLinks(site, { origin });
    expect(problems).toEqual([{ page: '/from/', item, message: expect.stringContaining(message) }]);
  });

  test("takes a page's scan from the scans given instead of parsing it", () => {
    const site = createBuiltSite(
      [pageWith('<a href="/2012/05/21/post/">x</a>'), target],
      otherFiles,
    );
    const scans = new Map([['/from/', scanPage('<a href="/2012/05/22/nope/">x</a>')]]);
    expect(checkInternalLinks(site, { origin }, scans)).toEqual([
      {
        page: '/from/',
        item: 'a[href] /2012/05/22/nope/',
        message: expect.stringContaining('no page'),
      },
    ]);
  });
});
