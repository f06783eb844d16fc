/**
 * `npm run new-post -- "Title" [--category Name]...`: writes a new post dated
 * today into src/content/news/ and prints its future URL. Never overwrites.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeNewPost } from './lib/new-post.ts';
import { formatAbsoluteUrl } from '../src/lib/urls.ts';
import { site } from '../src/site.ts';

const root = resolve(import.meta.dirname, '..');
const usage = 'Usage: npm run new-post -- "Title of the post" [--category Name]...';

try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { category: { type: 'string', multiple: true } },
  });
  const title = positionals.join(' ').trim();
  if (title === '') throw new Error(`A title is required.\n${usage}`);
  const post = composeNewPost({ title, categories: values.category ?? [], date: new Date() });
  const file = join(root, 'src', 'content', 'news', post.fileName);
  try {
    writeFileSync(file, post.content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`${relative(root, file)} already exists; it was left untouched.`);
    }
    throw error;
  }
  console.log(`Wrote ${relative(root, file)} (dated ${post.fileName.slice(0, 10)}, the UTC day)`);
  console.log(`It will be published at ${formatAbsoluteUrl(post.path, site.url)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
