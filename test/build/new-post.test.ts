import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

describe('npm run new-post', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject();
  });
  afterAll(() => project.dispose());

  const newsFiles = () => readdirSync(join(project.root, 'src/content/news'));

  test('writes a post dated today that then builds at the printed URL', async () => {
    const before = newsFiles();
    const { status, output } = await project.run('scripts/new-post.ts', [
      'Brand new & shiny: v2.0',
      '--category',
      'Releases',
    ]);
    expect(status, output).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const [added] = newsFiles().filter((file) => !before.includes(file));
    expect(added).toBe(`${today}-brand-new-shiny-v2-0.mdx`);
    const url = /published at (\S+)/.exec(output)?.[1];
    expect(url).toBe(
      `https://blog.fastmail.fm/${today.replaceAll('-', '/')}/brand-new-shiny-v2-0/`,
    );

    const build = await project.run('scripts/build-site.ts');
    expect(build.status, build.output).toBe(0);
    const page = readFileSync(
      join(project.root, 'dist', new URL(url!).pathname, 'index.html'),
      'utf8',
    );
    expect(page).toContain('Brand new &amp; shiny: v2.0');
    expect(existsSync(join(project.root, 'dist/category/releases/index.html'))).toBe(true);
  });

  test('refuses to overwrite and leaves the file untouched', async () => {
    const file = join(
      project.root,
      'src/content/news',
      `${new Date().toISOString().slice(0, 10)}-repeat.mdx`,
    );
    expect((await project.run('scripts/new-post.ts', ['Repeat'])).status).toBe(0);
    const original = readFileSync(file, 'utf8');
    const again = await project.run('scripts/new-post.ts', ['Repeat', '--category', 'Other']);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/already exists; it was left untouched/);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  test('without a title it explains the usage', async () => {
    const { status, output } = await project.run('scripts/new-post.ts');
    expect(status).toBe(1);
    expect(output).toMatch(/A title is required[\s\S]*Usage: npm run new-post/);
  });
});
