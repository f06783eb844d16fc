/**
 * The house rules of the layout (README "Layout"), checked on the source:
 * src/lib/ stays pure, src/ never reaches into scripts/ or test/, scripts never
 * import the file that listens, and no two modules import each other in a circle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Every source file under a folder of the project, as paths relative to the root. */
function listSources(folder: string): string[] {
  const dir = join(root, folder);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(relative(root, path));
    return /\.(ts|mjs|astro)$/.test(name) ? [relative(root, path)] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and dynamic, type-only included). */
function readImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = text.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g,
  );
  return [...found].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

const sources = ['src', 'scripts'].flatMap(listSources);
const known = new Set(sources);

/** The project file a relative specifier points at, if it is one of ours. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative(root, resolve(root, dirname(from), specifier));
  return [base, `${base}.ts`, `${base}.astro`, `${base}/index.ts`].find((path) => known.has(path));
}

const graph = new Map(
  sources.map((file) => [
    file,
    readImports(file).flatMap((specifier) => resolveLocal(file, specifier) ?? []),
  ]),
);

/** Node built-ins that only compute (hashing), allowed in src/lib: they do no I/O. */
const PURE_BUILTINS = new Set(['node:crypto']);

describe('src/lib is pure', () => {
  test.each(sources.filter((file) => file.startsWith('src/lib/')))(
    '%s imports no Node built-in that does I/O and reads no environment',
    (file) => {
      const text = readFileSync(join(root, file), 'utf8');
      const builtins = readImports(file).filter((specifier) => specifier.startsWith('node:'));
      expect(builtins.filter((specifier) => !PURE_BUILTINS.has(specifier))).toEqual([]);
      expect(text).not.toMatch(/\bprocess\.(?:env|cwd|argv)\b/);
    },
  );
});

test.each(sources.filter((file) => file.startsWith('src/')))(
  '%s imports nothing from scripts/ or test/',
  (file) => {
    const outside = readImports(file).filter((specifier) => {
      const target = specifier.startsWith('.')
        ? relative(root, resolve(root, dirname(file), specifier))
        : '';
      return target.startsWith('scripts/') || target.startsWith('test/');
    });
    expect(outside).toEqual([]);
  },
);

test.each(
  sources.filter((file) => file.startsWith('scripts/') && file !== 'scripts/start-site.ts'),
)('%s does not import the follower server (the file that listens)', (file) => {
  expect(graph.get(file)).not.toContain('src/followers/server.ts');
});

test('no import circles', () => {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of sources) visit(file, []);
  expect(circles).toEqual([]);
});
