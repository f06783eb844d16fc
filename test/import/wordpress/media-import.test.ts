/**
 * The media step for real: a local HTTP server stands in for the old host
 * (a 404, a slow answer, an oversized file, a redirect to another host), a
 * media folder holds what the old site's uploads folder had, and the import
 * copies, downloads, rewrites and reports.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { importWordPress } from '../../../src/import/wordpress/import.ts';
import { selectMediaDir, type MediaOptions } from '../../../src/import/wordpress/media.ts';

const template = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress', 'media-template.xml'),
  'utf8',
);
const UPLOADS = '/wp-content/uploads/2020/01/';
const requests: string[] = [];
let server: Server;
let origin: string;
let root: string;
let exportPath: string;
let mediaDir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const { port } = server.address() as AddressInfo;
    const served = ['photo.jpg', 'attached.png', 'comment-photo.jpg', 'comment-notes.pdf'];
    if (served.some((name) => path === `${UPLOADS}${name}`)) {
      response.end(`bytes of ${path}`);
    } else if (path === `${UPLOADS}slow.jpg`) {
      setTimeout(() => response.end('late'), 1_500).unref();
    } else if (path === `${UPLOADS}big.zip`) {
      response.end(Buffer.alloc(5_000, 1));
    } else if (path === `${UPLOADS}moved.jpg`) {
      // Same machine, another host name: the import must not follow.
      response.writeHead(302, { location: `http://localhost:${port}${UPLOADS}elsewhere.jpg` });
      response.end();
    } else {
      response.writeHead(404);
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wp-media-'));
  exportPath = join(root, 'export.xml');
  writeFileSync(exportPath, template.replaceAll('{{ORIGIN}}', origin));
  mediaDir = join(root, 'uploads');
  mkdirSync(join(mediaDir, '2020', '01'), { recursive: true });
  writeFileSync(join(mediaDir, '2020', '01', 'manual.pdf'), '%PDF-1.4 manual');
  requests.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fast: MediaOptions = { download: true, timeoutMs: 300, maxBytes: 1_000, retries: 1 };
/** Imports with the given media options. */
const run = (media: MediaOptions) =>
  importWordPress({ exportPaths: [exportPath], projectRoot: root, timeZone: 'UTC', media });
const post = () => readFileSync(join(root, 'src/content/news/wordpress/wp-1.md'), 'utf8');
const inProject = (file: string) => existsSync(join(root, selectMediaDir(file), file));
const count = (path: string) => requests.filter((request) => request === path).length;

describe('media from the media folder and the old host', () => {
  test('copies, downloads once per original, rewrites, and reports what it could not get', async () => {
    const report = await run({ ...fast, mediaDir });
    expect(report.media).toMatchObject({ fromDir: 1, downloaded: 4, alreadyThere: 0 });
    // Images go where Astro's image pipeline reads them; other files are served as they are.
    for (const file of ['photo.jpg', 'attached.png', 'comment-photo.jpg'])
      expect(existsSync(join(root, 'src/assets/wordpress/2020/01', file)), file).toBe(true);
    for (const file of ['manual.pdf', 'comment-notes.pdf'])
      expect(existsSync(join(root, 'public/media/wordpress/2020/01', file)), file).toBe(true);
    // Both the 300x200 variant and ?w=1024 are photo.jpg: fetched once.
    expect(count(`${UPLOADS}photo.jpg`)).toBe(1);
    expect(count(`${UPLOADS}photo-300x200.jpg`)).toBe(0);
    expect(count(`${UPLOADS}manual.pdf`)).toBe(0);
    const text = post();
    expect(text).toContain('/media/wordpress/2020/01/photo.jpg');
    expect(text).toContain('/media/wordpress/2020/01/manual.pdf');
    expect(text).not.toContain('photo-300x200');
    expect(text).toContain(`${origin}${UPLOADS}missing.jpg`);
  });

  test("media in a comment are copied and the comment archive's text rewritten", async () => {
    await run(fast);
    const archive = readFileSync(
      join(root, 'src/content/news/wordpress/wp-1.comments.json'),
      'utf8',
    );
    const [comment] = (JSON.parse(archive) as { comments: { html: string }[] }).comments;
    expect(comment?.html).toContain('href="/media/wordpress/2020/01/comment-notes.pdf"');
    // The 150x150 crop is the original file, its size kept for the renderer.
    expect(comment?.html).toContain('src="/media/wordpress/2020/01/comment-photo.jpg"');
    expect(archive).not.toContain(origin);
  });

  test.each([
    ['a 404', 'missing.jpg', 'HTTP 404', 1],
    ['a slow answer (tried again, then given up)', 'slow.jpg', 'no answer within 300 ms', 2],
    ['an oversized file', 'big.zip', 'larger than 1000 bytes', 1],
    ['a redirect to another host', 'moved.jpg', 'redirects to another host', 1],
  ])('%s keeps its URL and is listed with the posts using it', async (_, name, reason, tries) => {
    const report = await run(fast);
    const missing = report.media?.missing.find((item) => item.file === `2020/01/${name}`);
    expect(missing?.reason).toContain(reason);
    expect(missing?.url).toBe(`${origin}${UPLOADS}${name}`);
    expect(missing?.entries.map((entry) => entry.wordpressId)).toEqual(
      name === 'missing.jpg' ? [1, 2] : [1],
    );
    expect(inProject(`2020/01/${name}`)).toBe(false);
    expect(count(`${UPLOADS}${name}`)).toBe(tries);
    expect(count(`${UPLOADS}elsewhere.jpg`)).toBe(0);
  });

  test('media on another host are listed and never fetched', async () => {
    const report = await run(fast);
    expect(report.media?.foreign).toEqual([
      {
        url: 'https://cdn.elsewhere.example/wp-content/uploads/2020/01/theirs.jpg',
        entries: [expect.objectContaining({ wordpressId: 1 })],
      },
    ]);
    expect(post()).toContain('https://cdn.elsewhere.example/wp-content/uploads/2020/01/theirs.jpg');
  });

  test('with --no-download only the media folder is read: no request at all', async () => {
    const report = await run({ download: false, mediaDir });
    expect(requests).toEqual([]);
    expect(report.media).toMatchObject({ fromDir: 1, downloaded: 0 });
    expect(report.media?.missing.map((item) => item.reason)).toContain(
      'not in the media folder (downloads off)',
    );
    expect(post()).toContain('/media/wordpress/2020/01/manual.pdf');
    expect(post()).toContain(`${origin}${UPLOADS}photo-300x200.jpg`);
  });

  test('importing again fetches only what is still missing', async () => {
    await run(fast);
    requests.length = 0;
    const again = await run(fast);
    expect(again.media).toMatchObject({ downloaded: 0, alreadyThere: 4 });
    expect(count(`${UPLOADS}photo.jpg`)).toBe(0);
    expect(count(`${UPLOADS}attached.png`)).toBe(0);
    expect(count(`${UPLOADS}missing.jpg`)).toBe(1);
  });

  test.each([
    ['from the media folder', { download: false }],
    ['downloaded', fast],
  ])(
    'an import that fails (an unreadable manifest) leaves no media %s in the project, and fetches none',
    async (_name, options) => {
      const manifest = join(root, 'src/content/wordpress-import.json');
      mkdirSync(join(root, 'src/content'), { recursive: true });
      writeFileSync(manifest, '<<<<<<< HEAD\n{');
      await expect(run({ ...options, mediaDir })).rejects.toThrow(
        /wordpress-import\.json is not the manifest this importer writes/,
      );
      for (const folder of ['src/assets', 'public', '.build'])
        expect(existsSync(join(root, folder)), folder).toBe(false);
      expect(requests).toEqual([]);
      expect(readFileSync(manifest, 'utf8')).toBe('<<<<<<< HEAD\n{');
    },
  );

  test('a dry run fetches nothing', async () => {
    const report = await importWordPress({
      exportPaths: [exportPath],
      projectRoot: root,
      timeZone: 'UTC',
      media: fast,
      dryRun: true,
    });
    expect(report.media).toBeUndefined();
    expect(requests).toEqual([]);
  });
});
