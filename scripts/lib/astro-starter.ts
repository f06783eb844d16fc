/**
 * A stand-in for Astro's own blog starter (`npm create astro -- --template
 * blog`), for comparing build times on the same posts in the same session
 * (`npm run bench -- --starter`). The starter cannot be fetched here (its
 * template lives on GitHub), so this writes a project with the same shape:
 * MDX and sitemap integrations, one `blog` collection with its schema, a home
 * page, an about page, one list of every post, one page per post and an RSS
 * feed, with a header, footer and scoped styles. It builds with this
 * project's packages (Astro, @astrojs/mdx, @astrojs/rss, @astrojs/sitemap)
 * and Astro's default Markdown pipeline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { linkNodeModules } from './project-copy.ts';

/** The starter's files by path. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'starter', type: 'module', private: true }),
  'astro.config.mjs': `import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'https://example.com', integrations: [mdx(), sitemap()] });
`,
  'src/consts.ts': `export const SITE_TITLE = 'Astro Blog';
export const SITE_DESCRIPTION = 'Welcome to my website!';
`,
  'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      description: z.string(),
      pubDate: z.coerce.date(),
      updatedDate: z.coerce.date().optional(),
      heroImage: image().optional(),
    }),
});
export const collections = { blog };
`,
  'src/components/FormattedDate.astro': `---
interface Props { date: Date }
const { date } = Astro.props;
---
<time datetime={date.toISOString()}>
  {date.toLocaleDateString('en-us', { year: 'numeric', month: 'short', day: 'numeric' })}
</time>
`,
  'src/components/BaseHead.astro': `---
import '../styles/global.css';
import { SITE_TITLE } from '../consts';
interface Props { title: string; description: string; image?: string }
const canonicalURL = new URL(Astro.url.pathname, Astro.site);
const { title, description, image = '/blog-placeholder-1.jpg' } = Astro.props;
---
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<link rel="icon" type="image/svg+xml" href="/favicon.svg" />
<link rel="sitemap" href="/sitemap-index.xml" />
<link rel="alternate" type="application/rss+xml" title={SITE_TITLE} href={new URL('rss.xml', Astro.site)} />
<meta name="generator" content={Astro.generator} />
<link rel="canonical" href={canonicalURL} />
<title>{title}</title>
<meta name="title" content={title} />
<meta name="description" content={description} />
<meta property="og:type" content="website" />
<meta property="og:url" content={Astro.url} />
<meta property="og:title" content={title} />
<meta property="og:description" content={description} />
<meta property="og:image" content={new URL(image, Astro.url)} />
<meta property="twitter:card" content="summary_large_image" />
<meta property="twitter:title" content={title} />
<meta property="twitter:description" content={description} />
`,
  'src/components/HeaderLink.astro': `---
import type { HTMLAttributes } from 'astro/types';
type Props = HTMLAttributes<'a'>;
const { href, class: className, ...props } = Astro.props;
const subpath = Astro.url.pathname.match(/[^/]+/g);
const isActive = href === Astro.url.pathname || href === '/' + (subpath?.[0] || '');
---
<a href={href} class:list={[className, { active: isActive }]} {...props}><slot /></a>
<style>
  a { display: inline-block; text-decoration: none; }
  a.active { font-weight: bolder; text-decoration: underline; }
</style>
`,
  'src/components/Header.astro': `---
import { SITE_TITLE } from '../consts';
import HeaderLink from './HeaderLink.astro';
---
<header>
  <nav>
    <h2><a href="/">{SITE_TITLE}</a></h2>
    <div class="internal-links">
      <HeaderLink href="/">Home</HeaderLink>
      <HeaderLink href="/blog">Blog</HeaderLink>
      <HeaderLink href="/about">About</HeaderLink>
    </div>
  </nav>
</header>
<style>
  header { margin: 0; padding: 0 1em; background: white; box-shadow: 0 2px 8px rgba(0, 0, 0, 5%); }
  nav { display: flex; align-items: center; justify-content: space-between; }
  nav a { padding: 1em 0.5em; color: black; border-bottom: 4px solid transparent; }
</style>
`,
  'src/components/Footer.astro': `---
const today = new Date();
---
<footer>&copy; {today.getFullYear()} Your name here. All rights reserved.</footer>
<style>
  footer { padding: 2em 1em 6em 1em; color: gray; text-align: center; }
</style>
`,
  'src/layouts/BlogPost.astro': `---
import type { CollectionEntry } from 'astro:content';
import BaseHead from '../components/BaseHead.astro';
import Footer from '../components/Footer.astro';
import FormattedDate from '../components/FormattedDate.astro';
import Header from '../components/Header.astro';
type Props = CollectionEntry<'blog'>['data'];
const { title, description, pubDate, updatedDate } = Astro.props;
---
<html lang="en">
  <head><BaseHead title={title} description={description} /></head>
  <body>
    <Header />
    <main>
      <article>
        <div class="prose">
          <div class="title">
            <div class="date">
              <FormattedDate date={pubDate} />
              {updatedDate && <div class="last-updated-on">Last updated on <FormattedDate date={updatedDate} /></div>}
            </div>
            <h1>{title}</h1>
            <hr />
          </div>
          <slot />
        </div>
      </article>
    </main>
    <Footer />
  </body>
</html>
<style>
  main { width: calc(100% - 2em); max-width: 100%; margin: 0; }
  .prose { width: 720px; max-width: calc(100% - 2em); margin: auto; padding: 1em; }
  .title { margin-bottom: 1em; padding: 1em 0; text-align: center; line-height: 1; }
  .date { margin-bottom: 0.5em; color: gray; }
</style>
`,
  'src/pages/index.astro': `---
import BaseHead from '../components/BaseHead.astro';
import Footer from '../components/Footer.astro';
import Header from '../components/Header.astro';
import { SITE_DESCRIPTION, SITE_TITLE } from '../consts';
---
<html lang="en">
  <head><BaseHead title={SITE_TITLE} description={SITE_DESCRIPTION} /></head>
  <body>
    <Header />
    <main><h1>Hello, Astronaut!</h1><p>Welcome to the official Astro blog starter template.</p></main>
    <Footer />
  </body>
</html>
`,
  'src/pages/about.astro': `---
import AboutHeroImage from '../layouts/BlogPost.astro';
---
<AboutHeroImage title="About Me" description="Lorem ipsum dolor sit amet" pubDate={new Date('August 08 2021')}>
  <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>
</AboutHeroImage>
`,
  'src/pages/blog/index.astro': `---
import { getCollection } from 'astro:content';
import BaseHead from '../../components/BaseHead.astro';
import Footer from '../../components/Footer.astro';
import FormattedDate from '../../components/FormattedDate.astro';
import Header from '../../components/Header.astro';
import { SITE_DESCRIPTION, SITE_TITLE } from '../../consts';
const posts = (await getCollection('blog')).sort((a, b) => b.data.pubDate.valueOf() - a.data.pubDate.valueOf());
---
<html lang="en">
  <head><BaseHead title={SITE_TITLE} description={SITE_DESCRIPTION} /></head>
  <body>
    <Header />
    <main>
      <section>
        <ul>
          {posts.map((post) => (
            <li>
              <a href={\`/blog/\${post.id}/\`}>
                <h4 class="title">{post.data.title}</h4>
                <p class="date"><FormattedDate date={post.data.pubDate} /></p>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </main>
    <Footer />
  </body>
</html>
<style>
  ul { display: flex; flex-wrap: wrap; gap: 2rem; list-style-type: none; margin: 0; padding: 0; }
  ul li { width: calc(50% - 1rem); }
  .title { margin: 0; line-height: 1; }
  .date { margin: 0; color: gray; }
</style>
`,
  'src/pages/blog/[...slug].astro': `---
import { type CollectionEntry, getCollection, render } from 'astro:content';
import BlogPost from '../../layouts/BlogPost.astro';
export async function getStaticPaths() {
  const posts = await getCollection('blog');
  return posts.map((post) => ({ params: { slug: post.id }, props: post }));
}
type Props = CollectionEntry<'blog'>;
const post = Astro.props;
const { Content } = await render(post);
---
<BlogPost {...post.data}><Content /></BlogPost>
`,
  'src/pages/rss.xml.js': `import rss from '@astrojs/rss';
import { getCollection } from 'astro:content';
import { SITE_DESCRIPTION, SITE_TITLE } from '../consts';
export async function GET(context) {
  const posts = await getCollection('blog');
  return rss({
    title: SITE_TITLE,
    description: SITE_DESCRIPTION,
    site: context.site,
    items: posts.map((post) => ({ ...post.data, link: \`/blog/\${post.id}/\` })),
  });
}
`,
  'src/styles/global.css': `body { margin: 0; padding: 0; font-family: sans-serif; text-align: left; background: #fff;
  word-wrap: break-word; overflow-wrap: break-word; color: #222; font-size: 20px; line-height: 1.7; }
main { width: 720px; max-width: calc(100% - 2em); margin: auto; padding: 3em 1em; }
h1, h2, h3, h4, h5, h6 { margin: 0 0 0.5rem 0; line-height: 1.2; }
code { padding: 2px 5px; background-color: #eee; border-radius: 2px; }
pre { padding: 1.5em; border-radius: 8px; }
table { width: 100%; }
blockquote { border-left: 4px solid #2337ff; padding: 0 0 0 20px; margin: 0; font-size: 1.333em; }
`,
};

/** Writes the starter into the empty folder `dir`, with node_modules linked from `root`. */
export function writeAstroStarter(root: string, dir: string): { readonly postsDir: string } {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  linkNodeModules(root, dir);
  const postsDir = join(dir, 'src/content/blog');
  mkdirSync(postsDir, { recursive: true });
  return { postsDir };
}
