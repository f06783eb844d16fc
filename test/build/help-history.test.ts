import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseGitLog, readHelpHistory } from '../../src/build/help-history.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Runs git in `cwd` with a fixed identity and commit date. */
function git(cwd: string, args: string[], date = '2026-01-02T03:04:05Z'): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.org',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.org',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

test('parseGitLog keeps each file’s newest commit', () => {
  const output =
    '\0 2026-02-01T00:00:00+00:00\n\na.mdx\n\0 2026-01-01T00:00:00+00:00\n\na.mdx\nb.mdx\n';
  expect([...parseGitLog(output)].map(([file, date]) => [file, date.toISOString()])).toEqual([
    ['a.mdx', '2026-02-01T00:00:00.000Z'],
    ['b.mdx', '2026-01-01T00:00:00.000Z'],
  ]);
});

describe('readHelpHistory', () => {
  const repo = mkdtempSync(join(tmpdir(), 'help-history-'));
  folders.push(repo);
  const folder = 'src/content/help';
  mkdirSync(join(repo, folder, 'section'), { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, folder, 'a.mdx'), 'one');
  writeFileSync(join(repo, folder, 'section/b.mdx'), 'one');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-q', '-m', 'first'], '2026-01-02T03:04:05Z');
  writeFileSync(join(repo, folder, 'section/b.mdx'), 'two');
  git(repo, ['commit', '-q', '-am', 'second'], '2026-03-04T05:06:07Z');

  test('gives each file the date of the last commit that touched it', () => {
    const history = readHelpHistory(repo);
    expect(history.state).toBe('ok');
    expect(history.lastCommit.get(`${folder}/a.mdx`)?.toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect(history.lastCommit.get(`${folder}/section/b.mdx`)?.toISOString()).toBe(
      '2026-03-04T05:06:07.000Z',
    );
  });

  test('says so on a shallow clone', () => {
    const clone = mkdtempSync(join(tmpdir(), 'help-history-shallow-'));
    folders.push(clone);
    git(clone, ['clone', '-q', '--depth', '1', `file://${repo}`, '.']);
    const history = readHelpHistory(clone);
    expect(history.state).toBe('shallow');
    // Only the one fetched commit is known: a.mdx gets its date although it last changed earlier.
    expect(history.lastCommit.get(`${folder}/a.mdx`)?.toISOString()).toBe(
      '2026-03-04T05:06:07.000Z',
    );
  });

  test('is unavailable outside a repository', () => {
    const plain = mkdtempSync(join(tmpdir(), 'help-history-none-'));
    folders.push(plain);
    expect(readHelpHistory(plain)).toEqual({ lastCommit: new Map(), state: 'unavailable' });
  });
});
