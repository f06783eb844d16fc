/**
 * WebSub end to end, in a copy of the project whose site config names a hub:
 * the built feeds advertise it, and `npm run notify` pings a stand-in hub once
 * per changed feed, never for an unchanged one, and again after a failed ping.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFeed } from '../support/feed-reader.ts';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

const origin = 'https://blog.fastmail.fm';
let project: TempProject;
let hub: Server;
let hubUrl: string;
/** `hub.url` of every ping the stand-in accepted, in order. */
const pings: string[] = [];
/** While true the stand-in answers 503 (a hub that is down). */
let hubDown = false;
/** Requests the stand-in received, accepted or not. */
let hubRequests = 0;

const notifyEnv = () => ({
  FOLLOWERS_DB: join(project.root, 'data', 'followers.sqlite'),
  PUBLIC_URL: origin,
});
const notify = () => project.run('scripts/notify-followers.ts', ['--quiet'], notifyEnv());
const build = () => project.run('scripts/build-site.ts');
/** Feed URLs of one scope. */
const scope = (base: string) =>
  ['feed.xml', 'atom.xml', 'feed.json'].map((file) => `${origin}${base}${file}`);

beforeAll(async () => {
  hub = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      hubRequests += 1;
      const form = new URLSearchParams(body);
      if (hubDown || request.method !== 'POST' || form.get('hub.mode') !== 'publish') {
        response.writeHead(hubDown ? 503 : 400).end();
        return;
      }
      pings.push(form.get('hub.url') ?? '');
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  const address = hub.address();
  if (typeof address !== 'object' || !address) throw new Error('hub has no port');
  hubUrl = `http://127.0.0.1:${address.port}/hub`;

  project = createTempProject();
  const siteConfig = readFileSync(join(project.root, 'src', 'site.ts'), 'utf8');
  const withHub = siteConfig.replace(
    "followersDatabase: 'data/followers.sqlite',",
    `followersDatabase: 'data/followers.sqlite',\n  websubHub: '${hubUrl}',`,
  );
  expect(withHub).not.toBe(siteConfig);
  project.write('src/site.ts', withHub);
  const built = await build();
  expect(built.status, built.output).toBe(0);
}, 180_000);

afterAll(async () => {
  project?.dispose();
  await new Promise((resolve) => hub?.close(resolve));
});

const readBuilt = (path: string) => readFileSync(join(project.root, 'dist', path), 'utf8');

describe('with websubHub in the site config', () => {
  test.each(['feed.xml', 'atom.xml', 'category/news/atom.xml'])('%s advertises the hub', (path) => {
    expect(readFeed(readBuilt(path)).links).toContainEqual({ rel: 'hub', href: hubUrl });
  });

  test('feed.json lists the hub', () => {
    expect(JSON.parse(readBuilt('feed.json')).hubs).toEqual([{ type: 'WebSub', url: hubUrl }]);
  });

  test('notify pings every feed once, then none while nothing changes', async () => {
    const first = await notify();
    expect(first.status, first.output).toBe(0);
    const everyFeed = [
      ...scope('/'),
      ...scope('/category/news/'),
      ...scope('/category/uncategorized/'),
    ];
    expect([...pings].sort()).toEqual([...everyFeed].sort());
    expect(first.output).toContain(
      `WebSub: pinged ${hubUrl} for ${everyFeed.length} changed feeds`,
    );

    pings.length = 0;
    const second = await notify();
    expect(second.status, second.output).toBe(0);
    expect(pings).toEqual([]);
    expect(second.output).toContain(`for 0 changed feeds (${everyFeed.length} unchanged)`);
  });

  test('a new post pings only the feeds it changed; a hub that is down is tried again next run', async () => {
    project.write(
      'src/content/news/2013-01-15-a-new-post.mdx',
      '---\ntitle: A new post\npubDate: 2013-01-15\ncategories: [News]\n---\n\nNews from 2013.\n',
    );
    const rebuilt = await build();
    expect(rebuilt.status, rebuilt.output).toBe(0);

    pings.length = 0;
    hubRequests = 0;
    hubDown = true;
    const failed = await notify();
    hubDown = false;
    expect(pings).toEqual([]);
    // One feed waits out the retries; the other five are not tried against a hub that is down.
    expect(hubRequests).toBe(3);
    expect(failed.output.match(/WebSub: could not ping/g)).toHaveLength(6);
    expect(failed.output).toMatch(
      new RegExp(
        `WebSub: could not ping ${hubUrl} for \\S+: the hub answered 503; it is pinged again`,
      ),
    );

    const retried = await notify();
    expect(retried.status, retried.output).toBe(0);
    expect([...pings].sort()).toEqual([...scope('/'), ...scope('/category/news/')].sort());
  });
});
