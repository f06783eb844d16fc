import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import {
  CONTENT_STORE_MODULE_ID,
  readContentStoreFromFile,
  readInlinedStore,
  writeStoreModule,
} from '../../src/build/content-store.ts';

/** A store as Astro serialises it (devalue), with the characters a string literal escapes. */
const json = JSON.stringify([
  ['Map', 1, 2],
  'news',
  '<p>"Quoted", a back\\slash, a line\nbreak, \u2028 and émoji 🎉</p>',
]);
/** The module code Astro's content plugin writes for that store. */
const astroModule = `export default JSON.parse(${JSON.stringify(json)})`;

const folder = mkdtempSync(join(tmpdir(), 'content-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Imports module code written to a file, as the prerender bundle would. */
async function importModule(code: string): Promise<unknown> {
  const file = join(folder, `module-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
}

describe('readInlinedStore', () => {
  test("reads the store's JSON text out of Astro's module", () => {
    expect(readInlinedStore(astroModule)).toBe(json);
  });

  test.each([
    ['an empty store', 'export default new Map()'],
    [
      'the chunked store',
      'export default{"news":[(await import("astro:data-layer-content-chunk:a.json"))]}',
    ],
    ['a literal that is not a string', 'export default JSON.parse([1])'],
    ['a broken literal', 'export default JSON.parse("abc)'],
  ])('leaves %s alone', (_, code) => {
    expect(readInlinedStore(code)).toBeUndefined();
  });
});

describe('writeStoreModule', () => {
  test('gives a module whose default export is the same data as Astro’s', async () => {
    const code = writeStoreModule(json, folder);
    expect(code).not.toContain('Quoted');
    expect(await importModule(code)).toEqual(await importModule(astroModule));
  });

  test('removes the files earlier builds wrote, and nothing else', () => {
    writeStoreModule(JSON.stringify(['an earlier store']), folder);
    writeFileSync(join(folder, 'page-scans.json'), '{}');
    writeStoreModule(json, folder);
    const stores = readdirSync(folder).filter((name) => name.startsWith('content-store-'));
    expect(stores).toHaveLength(1);
    expect(readdirSync(folder)).toContain('page-scans.json');
  });
});

describe('readContentStoreFromFile', () => {
  const plugin = readContentStoreFromFile(folder);
  const transform = plugin.transform as {
    handler: (code: string, id: string) => { code: string } | null;
  };

  test('applies to builds only', () => {
    expect(plugin.apply).toBe('build');
  });

  test("replaces Astro's content store module", async () => {
    const result = transform.handler(astroModule, CONTENT_STORE_MODULE_ID);
    expect(result).not.toBeNull();
    expect(await importModule(result!.code)).toEqual(JSON.parse(json));
  });

  test.each([
    ['another module', () => transform.handler(astroModule, '/src/content.config.ts')],
    [
      'CONTENT_STORE_MODULE=inline',
      () => {
        vi.stubEnv('CONTENT_STORE_MODULE', 'inline');
        return transform.handler(astroModule, CONTENT_STORE_MODULE_ID);
      },
    ],
    [
      'a module of another shape',
      () => transform.handler('export default new Map()', CONTENT_STORE_MODULE_ID),
    ],
  ])('leaves %s as it is', (_, run) => {
    expect(run()).toBeNull();
  });

  test('leaves the module as it is, with a warning, when the file cannot be written', () => {
    // A folder under a regular file can never be made.
    const blocked = join(folder, 'a-file');
    writeFileSync(blocked, '');
    const warnings: string[] = [];
    const blockedTransform = readContentStoreFromFile(join(blocked, 'store')).transform as {
      handler: (this: { warn: (message: string) => void }, code: string, id: string) => unknown;
    };
    const context = { warn: (message: string) => warnings.push(message) };
    expect(blockedTransform.handler.call(context, astroModule, CONTENT_STORE_MODULE_ID)).toBeNull();
    expect(warnings).toEqual([expect.stringContaining(join(blocked, 'store'))]);
  });
});
