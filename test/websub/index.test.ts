import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { pingChangedFeeds } from '../../src/websub/index.ts';

const origin = 'https://blog.example';
const hubA = 'https://hub-a.example/';
const hubB = 'https://hub-b.example/';
let dir: string;
let distDir: string;
let statePath: string;
/** `hub → feed URL` of every ping the fake hubs accepted, in order. */
let pings: string[];

/** A fetch that plays every hub, accepting each ping. */
const fetchHub: typeof fetch = async (input, init) => {
  const form = new URLSearchParams(String(init?.body ?? ''));
  pings.push(`${String(input)} → ${form.get('hub.url')}`);
  return new Response(null, { status: 204 });
};

/** One notify run against `hub`: the feeds it was told about, as `hub → feed URL`. */
async function run(hub: string): Promise<string[]> {
  pings = [];
  const report = await pingChangedFeeds({ hub, distDir, origin, statePath, fetch: fetchHub });
  expect(report.failed).toEqual([]);
  return pings;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'websub-state-'));
  distDir = join(dir, 'dist');
  statePath = join(dir, 'data', 'websub.json');
  mkdirSync(join(distDir, 'category', 'news'), { recursive: true });
  for (const path of ['feed.xml', 'atom.xml', 'category/news/feed.xml']) {
    writeFileSync(join(distDir, path), `<feed>${path}</feed>`);
  }
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the record of what each hub was told', () => {
  test('a new hub hears of every feed, though none changed since the old hub was told', async () => {
    expect(await run(hubA)).toHaveLength(3);
    expect(await run(hubA)).toEqual([]);
    expect(await run(hubB)).toEqual([
      `${hubB} → ${origin}/atom.xml`,
      `${hubB} → ${origin}/category/news/feed.xml`,
      `${hubB} → ${origin}/feed.xml`,
    ]);
    expect(await run(hubB)).toEqual([]);
  });

  test('going back to a hub tells it only what changed since it was last told', async () => {
    await run(hubA);
    await run(hubB);
    writeFileSync(join(distDir, 'feed.xml'), '<feed>a new post</feed>');
    expect(await run(hubA)).toEqual([`${hubA} → ${origin}/feed.xml`]);
    expect(Object.keys(JSON.parse(readFileSync(statePath, 'utf8')))).toEqual([hubA, hubB]);
  });

  test('the earlier file (hashes by feed URL, no hub) counts as nothing told: every feed once more', async () => {
    await run(hubA);
    const byHub = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(statePath, JSON.stringify(byHub[hubA]));
    expect(await run(hubA)).toHaveLength(3);
    expect(await run(hubA)).toEqual([]);
  });

  test('a file it did not write stops the run with its name', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(statePath, '["not", "it"]');
    await expect(run(hubA)).rejects.toThrow(
      `${statePath} is not the WebSub state this tool writes`,
    );
  });
});
