/**
 * Content collections and their frontmatter schemas. A post that breaks a rule
 * here stops the build with its file and field named.
 */
import { readFile } from 'node:fs/promises';
import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { findBadCalendarDate, parseFrontmatterDate } from './lib/calendar-dates.ts';
import { HELP_SECTION_FILE } from './lib/help-tree.ts';
import { findSummaryParagraph } from './lib/summary.ts';
import { PERMALINK_PATTERN, SLUG_PATTERN } from './lib/slug.ts';
import { isSitePath } from './redirects/redirect-table.ts';

/**
 * A calendar date or date-time. YAML's unquoted `2012-07-16` arrives as a Date
 * (UTC); quoted text is parsed strictly, also as UTC unless it names an offset.
 */
const dateSchema = z.union(
  [
    z.date().refine((date) => !Number.isNaN(date.getTime()), 'is not a valid date'),
    z
      .string()
      .refine(
        (text) => parseFrontmatterDate(text) !== undefined,
        'must be a real date like 2012-07-16 or 2012-07-16T09:30:00Z',
      )
      .transform((text) => parseFrontmatterDate(text) ?? new Date(Number.NaN)),
  ],
  { error: 'must be a date like 2012-07-16' },
);

/** Frontmatter of a News post. Unknown fields are errors, so a typo never passes silently. */
/** A category or tag: its name (the slug is made from it), or its name and the slug to keep (from WordPress). */
const termSchema = z.union(
  [
    z.string().trim().min(1),
    z.strictObject({
      /** The name as printed ("Server Status"). */
      name: z.string().trim().min(1),
      /** The address part kept from the old blog (`status` in /category/status/). */
      slug: z.string().regex(SLUG_PATTERN, 'must be a slug like server-status'),
    }),
  ],
  { error: 'must be a name, or { name, slug }' },
);

/** Frontmatter of a News post. Unknown fields are errors, so a typo never passes silently. */
export const newsSchema = z.strictObject({
  /** The post title, as printed; the permalink slug is made from it. */
  title: z.string({ error: 'is required (the post title)' }).trim().min(1, 'must not be empty'),
  /**
   * Publication date; the permalink's /YYYY/MM/DD/ is its calendar day in the
   * site's time zone. A date after the build is a scheduled post: built from the
   * first build on or after it.
   */
  pubDate: dateSchema,
  /** Date of the last meaningful edit, shown and used in feeds when set. */
  updatedDate: dateSchema.optional(),
  /** Categories as printed ("News", or { name, slug }); each gets a /category/<slug>/ page. */
  categories: z.array(termSchema).min(1, 'needs at least one category').default(['News']),
  /** Tags, as categories; each gets a /tag/<slug>/ page and feeds. */
  tags: z.array(termSchema).default([]),
  /** One-sentence summary for meta description and feeds; the first paragraph is used when absent. */
  description: z.string().trim().min(1).optional(),
  /** Drafts are built nowhere: no page, archive, feed, sitemap or email. */
  draft: z.boolean().default(false),
  /**
   * Overrides the slug WordPress's rule makes from the title: lower-case letters,
   * digits, single hyphens; letters beyond ASCII (Greek, Japanese …) as WordPress allows.
   */
  slug: z
    .string()
    .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens')
    .optional(),
  /**
   * The post's address when it is not /YYYY/MM/DD/slug/ (kept from an old blog):
   * an absolute path ending in `/`; must be unique like every permalink.
   */
  permalink: z
    .string()
    .regex(PERMALINK_PATTERN, 'must be a site path like /archives/123/')
    .optional(),
  /** Author's display name; posts show a byline when the site has more than one author. */
  author: z.string().trim().min(1).optional(),
  /** Kept at the top of the home page, as WordPress's sticky posts. */
  sticky: z.boolean().default(false),
  /**
   * The item's id in feeds, kept from the old blog (WordPress's
   * `http://old.example/?p=123`): RSS `<guid isPermaLink="false">` and Atom
   * `<id>`, so readers do not show the post as new again after the move.
   * Absent: the permalink is the id (JSON Feed's always, see src/lib/feeds.ts).
   */
  guid: z.string().trim().min(1).optional(),
  /** ID of the post on the WordPress blog it was imported from (keeps re-imports stable). */
  wordpressId: z.number().int().positive().optional(),
  /** Pages the post had on WordPress (`<!--nextpage-->`); old /slug/N/ addresses redirect to #page-N. */
  pageCount: z.number().int().min(1).default(1),
});

/** A News post's validated frontmatter. */
export type NewsFrontmatter = z.infer<typeof newsSchema>;

/**
 * Wraps a loader so each entry's `body` keeps only the paragraph a summary is
 * made of (`findSummaryParagraph`). The data store, with every body, is
 * compiled into the build as one JavaScript string: at 5,000 posts the raw
 * bodies were a third of its 55 MB, paid for in compile time and memory. Pages
 * read `body` only to summarise a post without a description, and render
 * from the file (MDX) or the stored HTML (Markdown), never from `body`.
 */
function keepSummaryOfBody(loader: Loader): Loader {
  return {
    ...loader,
    load: (context) => {
      const set: typeof context.store.set = (entry) =>
        context.store.set({
          ...entry,
          body: entry.body === undefined ? undefined : findSummaryParagraph(entry.body),
        });
      // A proxy, not a spread: the store is a class instance whose methods need their own `this`.
      const store = new Proxy(context.store, {
        get: (target, key) => {
          if (key === 'set') return set;
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return loader.load({ ...context, store });
    },
  };
}

/** Wraps a loader so impossible calendar dates (which YAML silently rolls over) fail with the file and field named. */
function withCalendarDateCheck(loader: Loader, fields: readonly string[]): Loader {
  return {
    ...loader,
    load: (context) =>
      loader.load({
        ...context,
        parseData: async (props) => {
          if (props.filePath) {
            const bad = findBadCalendarDate(await readFile(props.filePath, 'utf8'), fields);
            if (bad) {
              throw new Error(
                `${props.filePath}: field "${bad.field}" is not a real calendar date (${bad.value})`,
              );
            }
          }
          return context.parseData(props);
        },
      }),
  };
}

/**
 * News posts: one MDX (or Markdown) file each. The id is the file name with its
 * extension, never a frontmatter field: the glob loader silently keeps only one
 * of two entries with the same id.
 */
const news = defineCollection({
  loader: keepSummaryOfBody(
    withCalendarDateCheck(
      glob({
        pattern: '**/*.{md,mdx}',
        base: './src/content/news',
        generateId: ({ entry }) => entry,
      }),
      ['pubDate', 'updatedDate'],
    ),
  ),
  schema: newsSchema,
});

/** A site path: starts with `/`, no scheme, host, query, fragment, `//` or dot segments. */
const sitePathSchema = z
  .string()
  .refine(isSitePath, 'must be an absolute site path like /help/old-name/ (no host, query or #)');

/** Frontmatter of a help page. Unknown fields are errors, as for posts. */
export const helpSchema = z.strictObject({
  /** The page title, as printed in the page heading, the sidebar, breadcrumbs and `<title>`. */
  title: z.string({ error: 'is required (the page title)' }).trim().min(1, 'must not be empty'),
  /** One-sentence summary for the section listing and the meta description. */
  description: z.string({ error: 'is required (a sentence)' }).trim().min(1, 'must not be empty'),
  /** Position among its section's pages and subsections; lower comes first, ties sort by title. */
  sidebarOrder: z.number({ error: 'is required (a whole number)' }).int('must be a whole number'),
  /** When the facts were last checked: shown as "Last updated" when git has no history for the file. */
  updatedDate: dateSchema.optional(),
  /** Old addresses of this page; each answers with a 301 to it (validated against every page and redirect). */
  redirectFrom: z.array(sitePathSchema).default([]),
});

/** A help page's validated frontmatter. */
export type HelpFrontmatter = z.infer<typeof helpSchema>;

/**
 * Help pages: one MDX file each under src/content/help/, in section folders;
 * the id (path without extension) is the URL below /help/.
 */
const help = defineCollection({
  loader: withCalendarDateCheck(
    glob({
      pattern: '**/*.{md,mdx}',
      base: './src/content/help',
      generateId: ({ entry }) => entry.replace(/\.mdx?$/, ''),
    }),
    ['updatedDate'],
  ),
  schema: helpSchema,
});

/** A help section's `_section.yaml`: how its folder appears in the sidebar and on /help/. */
export const helpSectionSchema = z.strictObject({
  /** The section name in the sidebar, breadcrumbs and the overview. */
  label: z.string({ error: 'is required (the section name)' }).trim().min(1, 'must not be empty'),
  /** Position among its parent's pages and sections; lower comes first, ties sort by label. */
  order: z.number({ error: 'is required (a whole number)' }).int('must be a whole number'),
  /** One sentence for the help overview and the section page. */
  description: z.string({ error: 'is required (a sentence)' }).trim().min(1, 'must not be empty'),
});

/** A help section's validated index file. */
export type HelpSectionData = z.infer<typeof helpSectionSchema>;

/** Help sections: one `_section.yaml` per folder under src/content/help/; the id is the folder path. */
const helpSections = defineCollection({
  loader: glob({
    pattern: `**/${HELP_SECTION_FILE}`,
    base: './src/content/help',
    generateId: ({ entry }) => entry.slice(0, -`/${HELP_SECTION_FILE}`.length),
  }),
  schema: helpSectionSchema,
});

/** Frontmatter of a standalone page (About, Contact …): no date in its address, no listing. */
export const pageSchema = z.strictObject({
  /** The page title, as printed. */
  title: z.string({ error: 'is required (the page title)' }).trim().min(1, 'must not be empty'),
  /** One-sentence summary for the meta description. */
  description: z.string().trim().min(1).optional(),
  /** When it was first published (kept from WordPress; not shown in the address). */
  pubDate: dateSchema.optional(),
  /** Date of the last meaningful edit, shown when set. */
  updatedDate: dateSchema.optional(),
  /** Drafts are built nowhere. */
  draft: z.boolean().default(false),
  /**
   * The page's address, e.g. /about/team/ (kept from an old blog). Without it the
   * file's path under src/content/pages/ is the address (about/team.md → /about/team/).
   */
  permalink: z
    .string()
    .regex(PERMALINK_PATTERN, 'must be a site path like /about/team/')
    .optional(),
  /** Listed in the header navigation, after the site's own links. */
  nav: z.boolean().default(false),
  /** Position in the header navigation; lower comes first, ties sort by title. */
  navOrder: z.number().int('must be a whole number').default(0),
  /** Author's display name. */
  author: z.string().trim().min(1).optional(),
  /** ID of the page on the WordPress blog it was imported from. */
  wordpressId: z.number().int().positive().optional(),
  /** Pages it had on WordPress (`<!--nextpage-->`); old /path/N/ addresses redirect to #page-N. */
  pageCount: z.number().int().min(1).default(1),
});

/** A page's validated frontmatter. */
export type PageFrontmatter = z.infer<typeof pageSchema>;

/** Standalone pages: one Markdown or MDX file each under src/content/pages/. */
const pages = defineCollection({
  loader: keepSummaryOfBody(
    withCalendarDateCheck(
      glob({
        pattern: '**/*.{md,mdx}',
        base: './src/content/pages',
        generateId: ({ entry }) => entry.replace(/\.mdx?$/, ''),
      }),
      ['pubDate', 'updatedDate'],
    ),
  ),
  schema: pageSchema,
});

/** One archived comment, pingback or trackback (the import never writes an e-mail or IP address). */
const archivedCommentSchema = z.strictObject({
  /** WordPress comment ID; the comment's anchor is `comment-ID`, as on the old blog. */
  id: z.number().int().positive(),
  /** ID of the comment it replied to; 0 for none. */
  parentId: z.number().int().min(0).default(0),
  /** The name the author gave. */
  author: z.string().trim().min(1),
  /** The address the author gave; their name links to it (`rel="nofollow ugc"`). */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** When it was written, with the old blog's UTC offset. */
  date: dateSchema,
  /** The text, as HTML sanitised by the importer like post content. */
  html: z.string(),
});

/** A post's comment archive: `wp-<ID>.comments.json` next to the imported post. */
export const commentArchiveSchema = z.strictObject({
  /** The post's `wordpressId`. */
  wordpressId: z.number().int().positive(),
  /** Approved comments, in any order (the page threads them). */
  comments: z.array(archivedCommentSchema).default([]),
  /** Approved pingbacks and trackbacks, listed apart. */
  pings: z.array(archivedCommentSchema).default([]),
});

/** A comment archive's validated data. */
export type CommentArchiveData = z.infer<typeof commentArchiveSchema>;

/** Read-only comment archives of imported posts, one JSON file per post next to it. */
const comments = defineCollection({
  loader: glob({
    pattern: '**/*.comments.json',
    base: './src/content/news',
    generateId: ({ entry }) => entry,
  }),
  schema: commentArchiveSchema,
});

/** The collections Astro loads. */
export const collections = { news, help, helpSections, pages, comments };
