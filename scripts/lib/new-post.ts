/**
 * The file `npm run new-post` writes: frontmatter the schema accepts, named
 * `YYYY-MM-DD-<slug>.mdx` so files sort by date.
 */
import { slugifyTitle } from '../../src/lib/slug.ts';
import { formatPostPath } from '../../src/lib/urls.ts';

/** What the author asked for. */
export interface NewPostRequest {
  readonly title: string;
  readonly categories: readonly string[];
  /** Publication day (its UTC calendar day is used). */
  readonly date: Date;
}

/** The file to write and where the post will be published. */
export interface NewPostFile {
  /** File name inside the news collection folder. */
  readonly fileName: string;
  readonly content: string;
  /** Site path of the future post. */
  readonly path: string;
}

/** Builds the new post's file name, MDX source and permalink; throws when the title has no slug. */
export function composeNewPost(request: NewPostRequest): NewPostFile {
  const title = request.title.trim();
  const slug = slugifyTitle(title);
  if (slug === '')
    throw new Error(
      `The title ${JSON.stringify(request.title)} has no letters or digits to make a permalink from.`,
    );
  const day = request.date.toISOString().slice(0, 10);
  const categories = request.categories.length > 0 ? request.categories : ['News'];
  // JSON strings are valid YAML double-quoted scalars, so any title is quoted safely.
  const content = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `pubDate: ${day}`,
    `categories: [${categories.map((name) => JSON.stringify(name)).join(', ')}]`,
    '---',
    '',
    'Write the post here, in Markdown. MDX components can be imported below the frontmatter.',
    '',
  ].join('\n');
  return {
    fileName: `${day}-${slug}.mdx`,
    content,
    path: formatPostPath(new Date(`${day}T00:00:00Z`), slug),
  };
}
