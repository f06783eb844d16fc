/**
 * A synthetic WordPress export for `npm run bench:import`: posts of several
 * hundred words in sections, with lists, tables, quotes, code shortcodes,
 * captions, galleries, embeds and links to earlier posts, in classic and block
 * editor form, plus the odd cases real exports carry (untitled, password-protected,
 * drafts without GMT dates, scheduled, Unicode slugs, trash, revisions,
 * attachments, nested pages, unknown shortcodes, a script to remove). Written
 * as a stream, so a 10,000-post file never sits in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS = (
  'mail server account folder message client security login password domain alias filter rule ' +
  'encryption certificate connection setting sync calendar contact address backup storage quota ' +
  'delivery spam inbox archive search label notification mobile device update release feature'
).split(' ');
const CATEGORIES = [
  ['News', 'news'],
  ['Server Status', 'status'],
  ['Tips & Tricks', 'tips'],
  ['Security', 'security'],
] as const;
const TAGS = ['IMAP', 'SMTP', 'Web interface', 'Mobile', 'Calendar', 'Spam'];
const LANGUAGES = ['ts', 'bash', 'nginx', 'ini'];

/** A deterministic pseudo-random generator (mulberry32), so every run writes the same export. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CDATA section that survives a `]]>` in the text, as WordPress writes it. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `2012-05-21 08:30:00` for an instant, shifted by an offset in hours. */
function formatWpDate(instant: number, offsetHours: number): string {
  return new Date(instant + offsetHours * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The body of one synthetic post (classic or block editor HTML with shortcodes). */
function composeBody(
  random: () => number,
  id: number,
  earlier: readonly { id: number; link: string }[],
  blocks: boolean,
): string {
  const sentence = (words: number) => {
    const text = Array.from(
      { length: words },
      () => WORDS[Math.floor(random() * WORDS.length)],
    ).join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () =>
    Array.from({ length: 4 + Math.floor(random() * 3) }, () =>
      sentence(8 + Math.floor(random() * 8)),
    ).join(' ');
  const link = earlier.length > 0 ? earlier[Math.floor(random() * earlier.length)] : undefined;
  const sections = 2 + Math.floor(random() * 3);
  const parts: string[] = [paragraph()];
  if (link)
    parts.push(
      `As we said <a href="${link.link}">earlier</a>, and again <a href="?p=${link.id}">here</a>: ${sentence(10)}`,
    );
  parts.push('<!--more-->');
  for (let section = 1; section <= sections; section += 1) {
    parts.push(
      `<h2>Section ${section}: ${sentence(3).slice(0, -1)}</h2>`,
      paragraph(),
      paragraph(),
    );
    if (section === 1)
      parts.push(
        `<ul>\n<li>${sentence(5)}</li>\n<li>${sentence(6)}</li>\n<li>${sentence(4)}</li>\n</ul>`,
      );
    if (section === 2)
      parts.push(
        `<ol>\n<li>${sentence(5)}</li>\n<li>${sentence(7)}</li>\n</ol>`,
        `<blockquote>${sentence(12)}</blockquote>`,
      );
  }
  parts.push(
    `[code lang="${LANGUAGES[id % LANGUAGES.length]}"]setting_${id} = "a < b && c"\nrun --all[/code]`,
  );
  const rows = 3 + (id % 3);
  parts.push(
    `<table><tr><th>Setting</th><th>Value</th></tr>${Array.from({ length: rows }, (_, row) => `<tr><td>option ${row}</td><td>${row * id}</td></tr>`).join('')}</table>`,
  );
  parts.push(
    `[caption id="attachment_${id + 500_000}" width="300"]<img src="https://benchblog.files.wordpress.com/${id}/photo.jpg" alt="Photo ${id}" width="300" height="200" /> Figure ${id}[/caption]`,
  );
  if (id % 10 === 0) parts.push(`[gallery ids="${id + 500_000}"]`);
  if (id % 15 === 0) parts.push('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  if (id % 50 === 0) parts.push('[poll id="7"]');
  if (id % 40 === 0) parts.push('<script>track()</script>');
  if (!blocks) return parts.join('\n\n');
  return parts
    .map((part) =>
      part.startsWith('<h2>')
        ? `<!-- wp:heading -->\n${part}\n<!-- /wp:heading -->`
        : part.startsWith('<') || part.startsWith('[')
          ? part
          : `<!-- wp:paragraph -->\n<p>${part}</p>\n<!-- /wp:paragraph -->`,
    )
    .join('\n\n');
}

/** Writes an export of `count` posts (plus pages, attachments and odd items) to `path`. */
export async function writeSyntheticWxr(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const random = createRandom(20120521);
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Blog</title>
<link>https://benchblog.wordpress.com</link>
<description>A synthetic export</description>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://benchblog.wordpress.com</wp:base_blog_url>
<generator>http://wordpress.com/</generator>
<wp:author><wp:author_login>${cdata('ann')}</wp:author_login><wp:author_display_name>${cdata('Ann Author')}</wp:author_display_name></wp:author>
<wp:author><wp:author_login>${cdata('bob')}</wp:author_login><wp:author_display_name>${cdata('Bob Builder')}</wp:author_display_name></wp:author>
`);
  const start = Date.UTC(2008, 0, 1);
  const earlier: { id: number; link: string }[] = [];
  for (let id = 1; id <= count; id += 1) {
    // A post every 8 hours, written in Melbourne.
    const instant = start + id * 8 * 3_600_000;
    const local = formatWpDate(instant, 10);
    const day = local.slice(0, 10).replaceAll('-', '/');
    const unicode = id % 61 === 0;
    const slug = unicode ? encodeURIComponent(`νέα-${id}`).toLowerCase() : `post-number-${id}`;
    const link = `https://benchblog.wordpress.com/${day}/${slug}/`;
    const status =
      id % 53 === 0
        ? 'draft'
        : id % 71 === 0 && id > count - 100
          ? 'future'
          : id % 131 === 0
            ? 'trash'
            : 'publish';
    const title =
      id % 97 === 0
        ? ''
        : `Post number ${id}: ${WORDS[id % WORDS.length]} &amp; <em>${WORDS[(id * 7) % WORDS.length]}</em>`;
    const [category, categorySlug] = CATEGORIES[id % CATEGORIES.length]!;
    const tag = TAGS[id % TAGS.length]!;
    await write(`<item>
<title>${cdata(title)}</title>
<link>${status === 'draft' ? `https://benchblog.wordpress.com/?p=${id}` : link}</link>
<dc:creator>${cdata(id % 3 === 0 ? 'bob' : 'ann')}</dc:creator>
<content:encoded>${cdata(composeBody(random, id, earlier.slice(-50), id % 25 === 0))}</content:encoded>
<excerpt:encoded>${cdata(id % 7 === 0 ? `Excerpt of post ${id}.` : '')}</excerpt:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date>${cdata(local)}</wp:post_date>
<wp:post_date_gmt>${cdata(status === 'draft' ? '0000-00-00 00:00:00' : formatWpDate(instant, 0))}</wp:post_date_gmt>
<wp:post_name>${cdata(status === 'draft' ? '' : slug)}</wp:post_name>
<wp:status>${cdata(status)}</wp:status>
<wp:post_type>${cdata('post')}</wp:post_type>
<wp:post_password>${cdata(id % 89 === 0 ? 'secret' : '')}</wp:post_password>
<wp:is_sticky>${id === 1 ? 1 : 0}</wp:is_sticky>
<category domain="category" nicename="${categorySlug}">${cdata(category)}</category>
<category domain="post_tag" nicename="${tag.toLowerCase().replaceAll(' ', '-')}">${cdata(tag)}</category>
</item>
<item><title>${cdata(`Photo ${id}`)}</title><excerpt:encoded>${cdata(`Figure ${id}`)}</excerpt:encoded><wp:post_id>${id + 500_000}</wp:post_id><wp:post_date>${cdata(local)}</wp:post_date><wp:status>inherit</wp:status><wp:post_parent>${id}</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>${cdata(`https://benchblog.files.wordpress.com/${id}/photo.jpg`)}</wp:attachment_url></item>
`);
    if (id % 10 === 0) {
      await write(
        `<item><title>${cdata(`Revision of ${id}`)}</title><wp:post_id>${id + 1_000_000}</wp:post_id><wp:post_date>${cdata(local)}</wp:post_date><wp:status>inherit</wp:status><wp:post_parent>${id}</wp:post_parent><wp:post_type>revision</wp:post_type></item>\n`,
      );
    }
    if (status === 'publish') earlier.push({ id, link });
    // One page per hundred posts, three levels deep in turn.
    if (id % 100 === 0) {
      const pageId = id + 2_000_000;
      const level = (id / 100) % 3;
      const parent = level === 0 ? 0 : pageId - 100;
      const path =
        level === 0
          ? `/about-${id}/`
          : level === 1
            ? `/about-${id - 100}/team-${id}/`
            : `/about-${id - 200}/team-${id - 100}/history-${id}/`;
      await write(
        `<item><title>${cdata(`Page ${id}`)}</title><link>https://benchblog.wordpress.com${path}</link><content:encoded>${cdata(`A page.\n\n${WORDS.join(' ')}.`)}</content:encoded><wp:post_id>${pageId}</wp:post_id><wp:post_date>${cdata(local)}</wp:post_date><wp:post_date_gmt>${cdata(formatWpDate(instant, 0))}</wp:post_date_gmt><wp:post_name>${cdata(path.split('/').at(-2)!)}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>${parent}</wp:post_parent><wp:post_type>page</wp:post_type></item>\n`,
      );
    }
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
}
