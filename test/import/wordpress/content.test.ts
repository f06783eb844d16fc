import { markdownToHtml } from 'satteri';
import { describe, expect, test } from 'vitest';
import {
  convertCommentContent,
  convertPostContent,
  type ContentFindings,
  type ConvertContext,
  type LinkResolution,
  type WordPressAttachment,
} from '../../../src/import/wordpress/content.ts';
import { absolutizeMediaUrl } from '../../../src/import/wordpress/content/sanitize.ts';
import { countUnknownShortcodes } from '../../../src/import/wordpress/content/shortcodes.ts';

const OLD = 'https://oldblog.example';

/** A resolver like the importer's: posts by permalink or ?p=, pages by ?page_id=. */
function resolveLink(href: string): LinkResolution {
  if (!href.startsWith(OLD)) return { kind: 'external' };
  if (href === `${OLD}/2012/05/21/hello/` || href === `${OLD}/?p=123`) {
    return { kind: 'internal', path: '/2012/05/21/hello/' };
  }
  if (href === `${OLD}/?page_id=45`) return { kind: 'internal', path: '/about/' };
  if (href.includes('/wp-content/uploads/')) return { kind: 'external' };
  return { kind: 'unresolved' };
}

const attachment = (id: number, parentId: number, caption = ''): WordPressAttachment => ({
  id,
  url: `${OLD}/wp-content/uploads/2012/05/photo-${id}.jpg`,
  title: `Photo ${id}`,
  caption,
  alt: `Alt ${id}`,
  parentId,
});

const context: ConvertContext = {
  resolveLink,
  attachments: new Map([
    [11, attachment(11, 7, 'The harbour')],
    [12, attachment(12, 7)],
    [13, attachment(13, 99, 'Elsewhere')],
    [14, { ...attachment(14, 98), alt: '' }],
    [15, attachment(15, 97, 'Photo by <a href="http://jane.example/">Jane</a>')],
    [16, attachment(16, 97, 'Photo<script>alert(1)</script> by <b onclick="x()">Joe</b>')],
  ]),
  postId: 7,
};

/** Converts with the shared context (and what a case adds to it). */
const convert = (html: string, extra: Partial<ConvertContext> = {}) =>
  convertPostContent(html, { ...context, ...extra });

/** Renders Markdown as Astro's pipeline does (satteri: CommonMark + GFM, raw HTML passed through). */
const render = (markdown: string) => markdownToHtml(markdown).html;

interface Case {
  readonly html: string;
  /** Substrings the Markdown must contain. */
  readonly contains?: readonly string[];
  /** Substrings it must not contain. */
  readonly excludes?: readonly string[];
  /** Findings that must be reported (a subset). */
  readonly findings?: Partial<ContentFindings>;
  /** Findings that must be empty. */
  readonly noFindings?: readonly (keyof ContentFindings)[];
  /** What the case adds to the shared context. */
  readonly context?: Partial<ConvertContext>;
}

const classic: [string, Case][] = [
  [
    'blank lines make paragraphs, single newlines line breaks',
    {
      html: 'First line\nsecond line\n\nNext paragraph',
      contains: ['First line\\\nsecond line\n\nNext paragraph'],
    },
  ],
  [
    'no paragraph around block-level elements',
    {
      html: 'Intro\n<blockquote>Quoted</blockquote>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>',
      contains: ['Intro\n\n> Quoted\n\n- One\n- Two'],
    },
  ],
  [
    '<pre> is left untouched by wpautop',
    { html: 'Text\n\n<pre>a\n\n  b</pre>', contains: ['```\na\n\n  b\n```'] },
  ],
  [
    'inline formatting, headings, links, images',
    {
      html: '<h3>Title</h3>\n<em>it</em> <strong>bold</strong> <a href="https://x.example/">x</a> <img src="https://x.example/i.png" alt="I">',
      contains: [
        '### Title',
        '_it_ **bold** [x](https://x.example/) ![I](https://x.example/i.png)',
      ],
    },
  ],
  [
    'headings with ids, sup and details stay HTML',
    {
      html: '<h2 id="setup">Setup</h2>\nE = mc<sup>2</sup>\n<details><summary>More</summary>Hidden</details>',
      contains: [
        '<h2 id="setup">Setup</h2>',
        'mc<sup>2</sup>',
        '<details><summary>More</summary><p>Hidden</p></details>',
      ],
    },
  ],
  [
    'a table with colspan stays HTML, a plain one becomes GFM',
    {
      html: '<table><tr><td colspan="2">wide</td></tr></table>\n\n<table><tr><th>A</th></tr><tr><td>1</td></tr></table>',
      contains: ['<td colspan="2">wide</td>', '| A |\n| - |\n| 1 |'],
    },
  ],
];

const blocks: [string, Case][] = [
  [
    'paragraph, heading, list, separator: comments dropped, no wpautop',
    {
      html: '<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2 class="wp-block-heading">Head</h2>\n<!-- /wp:heading -->\n\n<!-- wp:list -->\n<ul><li>A</li></ul>\n<!-- /wp:list -->\n\n<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->',
      contains: ['One two', '## Head', '- A', '---'],
      excludes: ['wp:', '\\\n'],
    },
  ],
  [
    'quote with a citation',
    {
      html: '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->\n<p>Wise</p>\n<!-- /wp:paragraph --><cite>Ada</cite></blockquote>\n<!-- /wp:quote -->',
      contains: ['> Wise', '> <cite>Ada</cite>'],
    },
  ],
  [
    'image with caption becomes a figure, without caption an image',
    {
      html: '<!-- wp:image {"id":11} -->\n<figure class="wp-block-image"><img src="https://x.example/a.jpg" alt="A" class="wp-image-11"/><figcaption class="wp-element-caption">Cap</figcaption></figure>\n<!-- /wp:image -->\n\n<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://x.example/b.jpg" alt="B"/></figure>\n<!-- /wp:image -->',
      contains: [
        // The media-library image carries its attachment's anchor.
        '<figure><img src="https://x.example/a.jpg" alt="A" id="attachment_11"><figcaption>Cap</figcaption></figure>',
        '![B](https://x.example/b.jpg)',
      ],
    },
  ],
  [
    'gallery block keeps its images in order',
    {
      html: '<!-- wp:gallery -->\n<figure class="wp-block-gallery"><!-- wp:image -->\n<figure class="wp-block-image"><img src="https://x.example/1.jpg" alt="1"/></figure>\n<!-- /wp:image --><!-- wp:image -->\n<figure class="wp-block-image"><img src="https://x.example/2.jpg" alt="2"/></figure>\n<!-- /wp:image --></figure>\n<!-- /wp:gallery -->',
      contains: ['![1](https://x.example/1.jpg)', '![2](https://x.example/2.jpg)'],
    },
  ],
  [
    'columns give their content in order, cover its image and text, button a link',
    {
      html: '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div class="wp-block-column"><p>Left</p></div><!-- /wp:column --><!-- wp:column --><div class="wp-block-column"><p>Right</p></div><!-- /wp:column --></div><!-- /wp:columns -->\n<!-- wp:cover --><div class="wp-block-cover" style="background-image:url(https://x.example/old-cover.jpg)"><div class="wp-block-cover__inner-container"><p>Over</p></div></div><!-- /wp:cover -->\n<!-- wp:buttons --><div class="wp-block-buttons"><div class="wp-block-button"><a class="wp-block-button__link" href="https://x.example/buy">Buy</a></div></div><!-- /wp:buttons -->',
      contains: [
        'Left\n\nRight',
        '![](https://x.example/old-cover.jpg)',
        'Over',
        '[Buy](https://x.example/buy)',
      ],
    },
  ],
  [
    'table, code and preformatted blocks',
    {
      html: '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>K</th></tr></thead><tbody><tr><td>V</td></tr></tbody></table></figure><!-- /wp:table -->\n<!-- wp:code --><pre class="wp-block-code"><code>a &lt; b\n\nc</code></pre><!-- /wp:code -->\n<!-- wp:preformatted --><pre class="wp-block-preformatted">x  y</pre><!-- /wp:preformatted -->',
      contains: ['| K |\n| - |\n| V |', '```\na < b\n\nc\n```', '```\nx  y\n```'],
    },
  ],
  [
    'embed blocks (current and pre-5.6) become cards',
    {
      html: '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video","providerNameSlug":"youtube"} -->\n<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n</div><figcaption>Our talk</figcaption></figure>\n<!-- /wp:embed -->\n<!-- wp:core-embed/twitter {"url":"https://twitter.com/jack/status/20"} -->\n<figure class="wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\nhttps://twitter.com/jack/status/20\n</div></figure>\n<!-- /wp:core-embed/twitter -->',
      contains: [
        '<p class="embed-card"><a href="https://www.youtube.com/watch?v=abc">Watch the video on YouTube</a></p>',
        'Our talk',
        '<a href="https://twitter.com/jack/status/20">',
      ],
      findings: { embeds: { youtube: 1, twitter: 1 } },
    },
  ],
  [
    'a dynamic block has no saved HTML and is reported',
    {
      html: '<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->\n<!-- wp:latest-posts {"postsToShow":3} /-->',
      contains: ['Hi'],
      findings: { unknownBlocks: { 'latest-posts': 1 } },
    },
  ],
];

const shortcodes: [string, Case][] = [
  [
    '[caption] with the text after the image',
    {
      html: '[caption id="attachment_11" align="aligncenter" width="300"]<a href="https://x.example/big.jpg"><img src="https://x.example/a.jpg" alt="Boat" width="300" /></a> A boat at dawn[/caption]',
      contains: [
        '<figure id="attachment_11" class="wp-caption aligncenter"><a href="https://x.example/big.jpg"><img src="https://x.example/a.jpg" alt="Boat" width="300"></a><figcaption>A boat at dawn</figcaption></figure>',
      ],
      excludes: ['<p><figure', '[caption'],
      findings: { shortcodes: { caption: 1 } },
    },
  ],
  [
    '[caption] with a caption attribute and unquoted attributes',
    {
      html: '[caption id=attachment_2 width=200 caption=\'Quoted &amp; said\']<img src="https://x.example/b.jpg" alt="" />[/caption]',
      contains: ['<figcaption>Quoted &#x26; said</figcaption>'],
    },
  ],
  [
    '[gallery ids=] in the order written, linking to files, skipping missing ones',
    {
      html: 'Look:\n\n[gallery ids="12,11,404" columns="2"]',
      contains: [
        '<figure class="gallery gallery-columns-2"><figure class="gallery-item"><a href="https://oldblog.example/wp-content/uploads/2012/05/photo-12.jpg"><img src="https://oldblog.example/wp-content/uploads/2012/05/photo-12.jpg" alt="Alt 12" id="attachment_12"></a></figure><figure class="gallery-item">',
        '<figcaption>The harbour</figcaption>',
      ],
      findings: {
        shortcodes: { gallery: 1 },
        notConverted: { 'gallery image missing from the export': 1 },
      },
    },
  ],
  [
    '[gallery] captions are HTML, sanitised',
    {
      html: '[gallery ids="15,16"]',
      contains: [
        '<figcaption>Photo by <a href="http://jane.example/">Jane</a></figcaption>',
        '<figcaption>Photo by <b>Joe</b></figcaption>',
      ],
      excludes: ['&#x3C;', 'alert', 'onclick'],
      findings: { removed: { script: 1, 'event handler attribute': 1 } },
    },
  ],
  [
    '[gallery] image without alt text: its link is named by the attachment title',
    {
      html: '[gallery ids="14"]',
      contains: ['photo-14.jpg" alt="Photo 14" id="attachment_14"></a>'],
      findings: { shortcodes: { gallery: 1 } },
    },
  ],
  [
    '[gallery] without ids shows the post’s own attachments, link=none unlinked',
    {
      html: '[gallery link="none"]',
      contains: [
        '<img src="https://oldblog.example/wp-content/uploads/2012/05/photo-11.jpg" alt="Alt 11" id="attachment_11"><figcaption>',
      ],
      excludes: ['photo-13', '<a href'],
    },
  ],
  [
    "a media-library image keeps its size and gets its attachment's anchor, unless its figure has it",
    {
      html: '<img class="alignnone size-medium wp-image-21" src="https://x.example/p-300x200.jpg" alt="P" width="300" height="200" />\n\n[caption id="attachment_22" width="300"]<img class="wp-image-22" src="https://x.example/q.jpg" alt="Q" /> Q cap[/caption]\n\n<img src="https://x.example/r.jpg" alt="R" />',
      contains: [
        '<img src="https://x.example/p-300x200.jpg" alt="P" width="300" height="200" id="attachment_21">',
        '<figure id="attachment_22" class="wp-caption"><img src="https://x.example/q.jpg" alt="Q"><figcaption>Q cap</figcaption></figure>',
        '![R](https://x.example/r.jpg)',
      ],
      excludes: ['</img>'],
    },
  ],
  [
    'a resized copy without a size in the markup gets the size its name or query gives',
    {
      html: '<img src="https://x.example/wp-content/uploads/p-300x200.jpg" alt="P" />\n\n<img src="https://x.files.wordpress.com/q.jpg?w=640&amp;h=480" alt="Q" />\n\n<img src="https://x.files.wordpress.com/r.jpg?w=512" alt="R" />\n\n<img src="https://x.example/s-300x200.jpg" alt="S" width="150" />',
      contains: [
        '<img src="https://x.example/wp-content/uploads/p-300x200.jpg" alt="P" width="300" height="200">',
        '<img src="https://x.files.wordpress.com/q.jpg?w=640&#x26;h=480" alt="Q" width="640" height="480">',
        '<img src="https://x.files.wordpress.com/r.jpg?w=512" alt="R" width="512">',
        // A size in the markup wins.
        '<img src="https://x.example/s-300x200.jpg" alt="S" width="150">',
      ],
    },
  ],
  [
    'a [caption] nested in text beside a [gallery]',
    {
      html: 'Before [caption width="10"]<img src="https://x.example/c.jpg" alt="" /> Inline caption[/caption] after.\n\n[gallery ids="11"]',
      contains: [
        '<figcaption>Inline caption</figcaption>',
        'after.',
        'class="gallery gallery-columns-3"',
      ],
      findings: { shortcodes: { caption: 1, gallery: 1 } },
    },
  ],
  [
    '[audio] and [video] become native players with a link fallback',
    {
      html: '[audio mp3="https://x.example/a.mp3"]\n\n[video src="https://x.example/v.mp4" poster="https://x.example/p.jpg"][/video]\n\n[video mp4="https://x.example/v.mp4" webm="https://x.example/v.webm"]',
      contains: [
        '<audio controls preload="none" src="https://x.example/a.mp3">\n<a href="https://x.example/a.mp3">https://x.example/a.mp3</a></audio>',
        '<video controls preload="none" src="https://x.example/v.mp4" poster="https://x.example/p.jpg">',
        '<source src="https://x.example/v.webm" type="video/webm">',
      ],
      findings: { shortcodes: { audio: 1, video: 2 } },
    },
  ],
  [
    '[code], [sourcecode], [php] and <pre class="brush:"> become fenced code, decoded, never autop’d',
    {
      html: '[code lang="js"]if (a &lt; b &amp;&amp; c) {\n\n  x[0] = "<b>";\n}[/code]\n\n[sourcecode language="python"]print(1)[/sourcecode]\n\n[php]echo "&lt;p&gt;";[/php]\n\n<pre class="brush: ruby; gutter: false">puts 1 &lt; 2</pre>',
      contains: [
        '```js\nif (a < b && c) {\n\n  x[0] = "<b>";\n}\n```',
        '```python\nprint(1)\n```',
        '```php\necho "<p>";\n```',
        '```ruby\nputs 1 < 2\n```',
      ],
      excludes: ['<br', '&lt;', '&amp;'],
      findings: { shortcodes: { code: 1, sourcecode: 1, php: 1 } },
    },
  ],
  [
    '[embed] and a bare oEmbed URL on its own line become link cards',
    {
      html: 'Watch this:\n\n[embed]https://vimeo.com/76979871[/embed]\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nhttps://x.com/jack/status/20\n\nA link https://www.youtube.com/watch?v=inline inside text stays.',
      contains: [
        '<p class="embed-card"><a href="https://vimeo.com/76979871">Watch the video on Vimeo</a></p>',
        '<p class="embed-card"><a href="https://youtu.be/dQw4w9WgXcQ">',
        '<p class="embed-card"><a href="https://x.com/jack/status/20">Read the post on X (Twitter)</a></p>',
        'v=inline inside text stays.',
      ],
      findings: { shortcodes: { embed: 1 }, embeds: { vimeo: 1, youtube: 1, twitter: 1 } },
    },
  ],
  [
    'an unknown shortcode is kept as visible text and counted, prose brackets are not',
    {
      html: 'Contact us:\n\n[contact-form-7 id="42" title="Contact"]\n\n[toc]\n\nHe said [sic] that [1] was fine.',
      contains: ['\\[contact-form-7 id="42" title="Contact"]', '\\[toc]', '\\[sic]'],
      findings: { unknownShortcodes: { 'contact-form-7': 1, toc: 1 } },
    },
  ],
  [
    'an escaped [[shortcode]] is shown literally',
    {
      html: 'Write [[gallery ids="1"]] or [[caption]x[/caption]] in your post.',
      contains: ['Write \\[gallery ids="1"] or \\[caption]x\\[/caption] in your post.'],
      excludes: ['<figure'],
      findings: { shortcodes: {}, unknownShortcodes: {} },
    },
  ],
];

/** What WordPress showed from outside the post's own text: reusable blocks, the media library, WordPress.com's embeds. */
const elsewhere: [string, Case][] = [
  [
    'a reusable block shows its content where the post uses it',
    {
      html: '<!-- wp:paragraph --><p>Intro.</p><!-- /wp:paragraph -->\n\n<!-- wp:block {"ref":90} /-->\n\n<!-- wp:paragraph --><p>Outro.</p><!-- /wp:paragraph -->',
      context: {
        reusableBlocks: new Map([
          [
            90,
            {
              content:
                '<!-- wp:paragraph -->\r\n<p>Sign up for our <strong>newsletter</strong>.</p>\r\n<!-- /wp:paragraph -->\r\n<!-- wp:embed {"url":"https://youtu.be/abc"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://youtu.be/abc\n</div></figure>\n<!-- /wp:embed -->',
              shown: true,
            },
          ],
        ]),
      },
      contains: ['Intro.\n\nSign up for our **newsletter**.\n\n<p class="embed-card">', 'Outro.'],
      excludes: ['wp:'],
      findings: { embeds: { youtube: 1 } },
      noFindings: ['unknownBlocks', 'notConverted'],
    },
  ],
  [
    'a reusable block missing from the export, unpublished, or inside itself is reported',
    {
      html: '<!-- wp:block {"ref":91} /-->\n<!-- wp:block {"ref":92} /-->\n<!-- wp:block {"ref":93} /-->\n<p>Text.</p>',
      context: {
        reusableBlocks: new Map([
          [92, { content: '<p>Draft block</p>', shown: false }],
          [93, { content: '<p>Loop</p><!-- wp:block {"ref":93} /-->', shown: true }],
        ]),
      },
      contains: ['Loop\n\nText.'],
      excludes: ['Draft block', 'wp:'],
      findings: {
        notConverted: {
          'reusable block missing from the export': 1,
          'reusable block not published (WordPress did not show it)': 1,
          'reusable block inside itself': 1,
        },
      },
      noFindings: ['unknownBlocks'],
    },
  ],
  [
    '[gallery] without ids in an export without its attachments is reported, not counted as converted',
    {
      html: 'Our trip:\n\n[gallery columns="4"]\n\nBack home.',
      context: { postId: 500 },
      contains: ['Our trip:\n\nBack home.'],
      excludes: ['gallery', '<figure'],
      findings: { notConverted: { 'gallery with none of its images in the export': 1 } },
      noFindings: ['shortcodes'],
    },
  ],
  [
    "WordPress.com's embed shortcodes in every form become cards",
    {
      html: '[youtube=http://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=640&amp;h=385]\n\n[youtube dQw4w9WgXcQ]\n\n[vimeo=http://vimeo.com/123456]\n\n[vimeo 654321 w=400 h=300]\n\n[vimeo id=777]\n\n[tweet 20]',
      contains: [
        '<p class="embed-card"><a href="http://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></p>',
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">',
        '<a href="http://vimeo.com/123456">Watch the video on Vimeo</a>',
        '<a href="https://vimeo.com/654321">',
        '<a href="https://vimeo.com/777">',
        '<a href="https://twitter.com/i/status/20">Read the post on X (Twitter)</a>',
      ],
      excludes: ['=http', '&amp;w=', 'h=385'],
      findings: {
        shortcodes: { youtube: 2, vimeo: 3, tweet: 1 },
        embeds: { youtube: 2, vimeo: 3, twitter: 1 },
      },
      noFindings: ['notConverted', 'unknownShortcodes'],
    },
  ],
  [
    'an embed shortcode with nothing to link stays as written and is reported',
    {
      html: 'See [youtube] here.',
      contains: ['See \\[youtube] here.'],
      findings: { notConverted: { '[youtube] with no address it can read': 1 } },
      noFindings: ['shortcodes', 'embeds', 'unknownShortcodes'],
    },
  ],
  [
    "host- and protocol-relative media URLs are read against the old blog's address",
    {
      html: '<img src="/wp-content/uploads/2012/05/rel.png" alt="rel" /> <img src="//oldblog.example/wp-content/uploads/2012/05/pr.png" alt="pr" /> <a href="/wp-content/uploads/2012/05/doc.pdf">the PDF</a> <a href="/about/">about</a>',
      context: { baseUrl: `${OLD}/` },
      contains: [
        `![rel](${OLD}/wp-content/uploads/2012/05/rel.png)`,
        `![pr](${OLD}/wp-content/uploads/2012/05/pr.png)`,
        `[the PDF](${OLD}/wp-content/uploads/2012/05/doc.pdf)`,
      ],
      excludes: ['](/wp-content', '](//'],
    },
  ],
];

const unsafe: [string, Case][] = [
  [
    'script',
    {
      html: 'a<script>alert(1)</script>b',
      contains: ['ab'],
      excludes: ['alert'],
      findings: { removed: { script: 1 } },
    },
  ],
  [
    'style',
    {
      html: '<style>p{color:red}</style>Text',
      contains: ['Text'],
      excludes: ['color'],
      findings: { removed: { style: 1 } },
    },
  ],
  [
    'form and form controls',
    {
      html: '<form action="/x"><input name="q"><button>Go</button></form>\n\n<textarea>t</textarea>Done',
      contains: ['Done'],
      excludes: ['<form', '<input', 'Go'],
      findings: { removed: { form: 1, 'form control': 1 } },
    },
  ],
  [
    'event handler attributes',
    {
      html: '<a href="https://x.example/" onclick="steal()">x</a> <img src="https://x.example/i.png" onerror="steal()" alt="i">',
      contains: ['[x](https://x.example/)'],
      excludes: ['steal'],
      findings: { removed: { 'event handler attribute': 2 } },
    },
  ],
  [
    'javascript: and non-image data: URLs',
    {
      html: '<a href=" JavaScript:alert(1)">bad</a> <a href="data:text/html;base64,PHNjcmlwdD4=">worse</a> <img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
      contains: ['bad worse ![dot](data:image/png;base64,iVBORw0KGgo=)'],
      excludes: ['javascript', 'text/html'],
      findings: { removed: { 'javascript: URL': 1, 'data: URL': 1 } },
    },
  ],
  [
    'iframes: allow-listed ones become cards, others are removed',
    {
      html: '<iframe src="https://www.youtube-nocookie.com/embed/abc123" width="560"></iframe>\n\n<iframe src="https://player.vimeo.com/video/42"></iframe>\n\n<iframe src="https://evil.example/x"></iframe>',
      contains: [
        '<a href="https://www.youtube.com/watch?v=abc123">',
        '<a href="https://vimeo.com/42">',
      ],
      excludes: ['<iframe', 'evil'],
      findings: { embeds: { youtube: 1, vimeo: 1 }, removed: { 'iframe from evil.example': 1 } },
    },
  ],
  [
    'an old Flash YouTube object becomes a card, other objects and embeds go',
    {
      html: '<object width="425"><param name="movie" value="http://www.youtube.com/v/OLD1"></param><embed src="http://www.youtube.com/v/OLD1" type="application/x-shockwave-flash"></embed></object>\n\n<embed src="https://evil.example/x.swf">',
      contains: ['<a href="https://www.youtube.com/watch?v=OLD1">'],
      excludes: ['<object', '<embed', 'swf'],
      findings: { embeds: { youtube: 1 }, removed: { embed: 1 } },
    },
  ],
];

const links: [string, Case][] = [
  [
    'links to old posts and pages become site paths; unresolved ones stay and are listed; others are untouched',
    {
      html: `<a href="${OLD}/2012/05/21/hello/">post</a> <a href="${OLD}/?p=123">by id</a> <a href="${OLD}/?page_id=45">page</a> <a href="${OLD}/2011/01/01/gone/">gone</a> <a href="https://elsewhere.example/">out</a> <a href="#top">top</a> <img src="${OLD}/wp-content/uploads/x.jpg" alt="x">`,
      contains: [
        '[post](/2012/05/21/hello/) [by id](/2012/05/21/hello/) [page](/about/)',
        `[gone](${OLD}/2011/01/01/gone/) [out](https://elsewhere.example/) [top](#top)`,
        `![x](${OLD}/wp-content/uploads/x.jpg)`,
      ],
      findings: { unresolvedLinks: [`${OLD}/2011/01/01/gone/`] },
    },
  ],
];

const escaping: [string, Case][] = [
  [
    'text Markdown would reinterpret is escaped',
    {
      html: '*not emphasis* and _not_ either\n\n# not a heading\n\n- not a list\n\n1. not ordered\n\n[not a link](x) &lt;b&gt;not a tag&lt;/b&gt; &amp;copy; stays',
      contains: [
        '\\*not emphasis\\*',
        '\\# not a heading',
        '\\- not a list',
        '1\\. not ordered',
        '\\[not a link]\\(x)',
        '\\<b>not a tag\\</b>',
        '\\&copy;',
      ],
    },
  ],
];

describe('convertPostContent', () => {
  test.each([...classic, ...blocks, ...shortcodes, ...elsewhere, ...unsafe, ...links, ...escaping])(
    '%s',
    (_name, testCase) => {
      const { markdown, findings } = convert(testCase.html, testCase.context);
      for (const expected of testCase.contains ?? []) expect(markdown).toContain(expected);
      for (const unexpected of testCase.excludes ?? []) expect(markdown).not.toContain(unexpected);
      if (testCase.findings !== undefined) expect(findings).toMatchObject(testCase.findings);
      for (const key of testCase.noFindings ?? []) expect(findings[key]).toEqual({});
    },
  );

  test.each([
    [
      'opens the body as a figure, with its caption',
      'Text.',
      11,
      'placed',
      `<figure class="wp-caption"><img src="${OLD}/wp-content/uploads/2012/05/photo-11.jpg" alt="Alt 11" id="attachment_11"><figcaption>The harbour</figcaption></figure>\n\nText.`,
    ],
    [
      'without a caption, as an image',
      'Text.',
      12,
      'placed',
      `<img src="${OLD}/wp-content/uploads/2012/05/photo-12.jpg" alt="Alt 12" id="attachment_12">\n\nText.`,
    ],
    [
      'not twice when the content shows it by its class',
      '<img class="wp-image-11" src="https://cdn.example/x.jpg" alt="">\n\nText.',
      11,
      'shown',
      '<img src="https://cdn.example/x.jpg" alt="" id="attachment_11">\n\nText.',
    ],
    [
      'not twice when the content shows a resized copy of its file',
      `<img src="${OLD}/wp-content/uploads/2012/05/photo-11-300x200.jpg" alt="">`,
      11,
      'shown',
      `<img src="${OLD}/wp-content/uploads/2012/05/photo-11-300x200.jpg" alt="" width="300" height="200">`,
    ],
    [
      'with an HTML caption as HTML (a credit keeps its link)',
      'Text.',
      15,
      'placed',
      `<figure class="wp-caption"><img src="${OLD}/wp-content/uploads/2012/05/photo-15.jpg" alt="Alt 15" id="attachment_15"><figcaption>Photo by <a href="http://jane.example/">Jane</a></figcaption></figure>\n\nText.`,
    ],
    [
      'with its caption sanitised like the content (no script, no event handler)',
      'Text.',
      16,
      'placed',
      `<figure class="wp-caption"><img src="${OLD}/wp-content/uploads/2012/05/photo-16.jpg" alt="Alt 16" id="attachment_16"><figcaption>Photo by <b>Joe</b></figcaption></figure>\n\nText.`,
    ],
    ['reported when the export lacks it', 'Text.', 404, 'missing', 'Text.'],
  ] as const)(
    'a featured image (_thumbnail_id) %s',
    (_name, html, featuredImageId, state, markdown) => {
      const result = convert(html, { featuredImageId });
      expect(result.featuredImage).toBe(state);
      expect(result.markdown.trim()).toBe(markdown);
      expect(result.findings.notConverted).toEqual(
        state === 'missing' ? { 'featured image not in the export': 1 } : {},
      );
    },
  );

  test.each([
    ['classic', 'Teaser *one*\n\nand two.\n<!--more-->\nThe rest.', 'Teaser *one* and two.'],
    ['custom more text', 'Short.<!--more Read on…-->Long.', 'Short.'],
    [
      'block',
      '<!-- wp:paragraph --><p>Lead</p><!-- /wp:paragraph -->\n<!-- wp:more --><!--more--><!-- /wp:more -->\n<!-- wp:paragraph --><p>Body</p><!-- /wp:paragraph -->',
      'Lead',
    ],
  ])(
    '<!--more--> (%s) gives the summary and an anchor, the marker dropped',
    (_name, html, summary) => {
      const result = convert(html);
      expect(result.summary).toBe(summary);
      expect(result.markdown).toContain('<span id="more-7"></span>');
      expect(result.markdown).not.toMatch(/<!--|wp:more/);
    },
  );

  test('no <!--more--> gives no summary', () => {
    expect(convert('Just text.').summary).toBeUndefined();
  });

  test.each([
    ['classic', 'One\n<!--nextpage-->\nTwo\n<!--nextpage-->\nThree', 3],
    [
      'block',
      '<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->\n<!-- wp:paragraph --><p>Two</p><!-- /wp:paragraph -->',
      2,
    ],
    ['none', 'Only one', 1],
  ])('<!--nextpage--> (%s) splits pages with anchors', (_name, html, pages) => {
    const result = convert(html);
    expect(result.pageCount).toBe(pages);
    for (let page = 2; page <= pages; page += 1)
      expect(result.markdown).toContain(`<div id="page-${page}"></div>`);
    expect(result.markdown).not.toContain('nextpage');
  });
});

test.each([
  ['a host-relative uploads URL', '/wp-content/uploads/a.jpg', `${OLD}/wp-content/uploads/a.jpg`],
  ['a blog in a folder', '/blog/wp-content/uploads/a.jpg', `${OLD}/blog/wp-content/uploads/a.jpg`],
  [
    "a protocol-relative URL on the blog's address",
    '//oldblog.example/2012/05/a.jpg',
    `${OLD}/2012/05/a.jpg`,
  ],
  [
    "a protocol-relative URL on a host the blog's attachments were uploaded to",
    '//old-domain.example/wp-content/uploads/a.jpg',
    'https://old-domain.example/wp-content/uploads/a.jpg',
  ],
  [
    "a protocol-relative URL on the blog's WordPress.com media host",
    '//oldblog.files.wordpress.com/2012/05/a.jpg',
    'https://oldblog.files.wordpress.com/2012/05/a.jpg',
  ],
  [
    'a protocol-relative URL on another host, left as written',
    '//cdn.example/a.jpg',
    '//cdn.example/a.jpg',
  ],
  ['another host-relative path, left to the link resolver', '/about/', '/about/'],
  [
    'an absolute URL',
    'http://x.example/wp-content/uploads/a.jpg',
    'http://x.example/wp-content/uploads/a.jpg',
  ],
  ['a relative path', 'a.jpg', 'a.jpg'],
])('absolutizeMediaUrl: %s', (_name, url, expected) => {
  const blogHosts = new Set(['old-domain.example', 'oldblog.wordpress.com']);
  expect(absolutizeMediaUrl(url, `${OLD}/`, blogHosts)).toBe(expected);
});

test("an old http blog's page keeps protocol-relative URLs on other hosts, so they load over https", () => {
  const { markdown } = convert(
    '<p><img src="//cdn.example.org/badge.png" alt="badge"> <a href="//other.example/page">a link</a> <img src="//oldblog.example/wp-content/uploads/2012/05/own.png" alt="own"></p>',
    { baseUrl: 'http://oldblog.example/' },
  );
  expect(markdown).toContain('![badge](//cdn.example.org/badge.png)');
  expect(markdown).toContain('[a link](//other.example/page)');
  expect(markdown).toContain('![own](http://oldblog.example/wp-content/uploads/2012/05/own.png)');
  expect(markdown).not.toContain('http://cdn.example.org');
  expect(markdown).not.toContain('http://other.example');
});

test('counting unknown shortcodes grows linearly with the brackets in a post', () => {
  const html = Array.from(
    { length: 10_000 },
    (_, i) => `Read $_POST[field${i}] and $row[name] here.`,
  ).join('\n\n');
  const started = performance.now();
  let counted = 0;
  countUnknownShortcodes(`${html}\n\n[toc]`, () => (counted += 1));
  // 20,000 brackets: quadratic scanning took many seconds; a linear pass takes milliseconds.
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(counted).toBe(1);
});

describe('convertCommentContent', () => {
  test.each([
    [
      'a media-library image keeps no anchor (the post shows its own)',
      '<img class="wp-image-5" src="https://x.example/a.jpg" alt="A">',
      '<img src="https://x.example/a.jpg" alt="A">',
    ],
    ['a script is removed, the text around it kept', 'Hi<script>alert(1)</script>', '<p>Hi</p>'],
  ])('%s', (_, html, expected) => {
    const converted = convertCommentContent(html, {
      resolveLink: () => ({ kind: 'external' }),
    });
    expect(converted.html).toContain(expected);
    expect(converted.html).not.toContain('id=');
  });
});

describe('the Markdown survives a CommonMark + GFM render', () => {
  const post = [
    'Intro with <a href="https://oldblog.example/?p=123">a post</a> and *stars* &amp; &lt;tags&gt;.',
    '[caption width="300"]<img src="https://x.example/a.jpg" alt="Boat" /> A boat[/caption]',
    '[gallery ids="11,12"]',
    'https://www.youtube.com/watch?v=abc',
    '[audio src="https://x.example/a.mp3"]',
    '[code lang="html"]<p>&lt;b&gt;[gallery]</p>[/code]',
    '[unknown-plugin foo="bar"]',
    '<table><tr><th>H</th></tr><tr><td>C</td></tr></table>',
    '<h2 id="end">End</h2>\n<!--nextpage-->\nPage two.',
  ].join('\n\n');
  const { markdown } = convert(post);
  const html = render(markdown);

  test.each([
    ['visible text', 'and *stars* &amp; &lt;tags&gt;.'],
    ['a resolved link', '<a href="/2012/05/21/hello/">a post</a>'],
    ['the caption figure', '<figcaption>A boat</figcaption></figure>'],
    ['the gallery', '<figure class="gallery gallery-columns-3">'],
    ['a gallery image', 'alt="Alt 12"'],
    ['the embed card', '<p class="embed-card"><a href="https://www.youtube.com/watch?v=abc">'],
    ['the audio player', '<audio controls preload="none" src="https://x.example/a.mp3">'],
    ['the code, escaped', '&lt;p&gt;&lt;b&gt;[gallery]&lt;/p&gt;'],
    ['the unknown shortcode as text', '[unknown-plugin foo="bar"]'],
    ['the table', '<th>H</th>'],
    ['the heading anchor', '<h2 id="end">End</h2>'],
    ['the page anchor', '<div id="page-2"></div>'],
  ])('%s', (_name, expected) => {
    expect(html).toContain(expected);
  });

  test('no raw shortcode is left outside code and the one unknown shortcode', () => {
    const outsideCode = html
      .replace(/<pre[\s\S]*?<\/pre>/g, '')
      .replace('[unknown-plugin foo="bar"]', '');
    expect(outsideCode).not.toMatch(/\[\/?[a-z_-]+(?:\s[^\]]*)?\]/);
  });
});
