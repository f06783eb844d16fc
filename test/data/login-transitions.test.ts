import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loginTransitions } from '../../src/data/login-transitions.ts';
import { formatTransitionLine, groupTransitions } from '../../src/lib/login-table.ts';
import { normalizeText } from '../support/seed.ts';

/** The post's list as it stands in the seed page: blocks of `from -> to` lines. */
function readSeedList(): string[][] {
  const page = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seed-page.txt'), 'utf8');
  const start = page.indexOf('https://www.fastmail.fm               ->');
  const end = page.indexOf('Posted in', start);
  return page
    .slice(start, end)
    .trim()
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').map(normalizeText));
}

describe('the login transition table', () => {
  test('reads exactly as the seed list, line for line and block for block', () => {
    const rendered = groupTransitions(loginTransitions).map((rows) => rows.map(formatTransitionLine));
    expect(rendered).toEqual(readSeedList());
  });

  test('has the 19 rows of the post', () => {
    expect(loginTransitions).toHaveLength(19);
  });

  test('a row that stays goes nowhere else', () => {
    for (const row of loginTransitions.filter((entry) => entry.outcome === 'stays')) {
      expect(new URL(row.to).host).toBe(new URL(row.from).host);
      expect(new URL(row.to).protocol).toBe(new URL(row.from).protocol);
    }
  });

  test('only https addresses carry a (W)', () => {
    for (const row of loginTransitions) {
      if (row.fromWarning) expect(row.from).toMatch(/^https:/);
      if (row.toWarning) expect(row.to).toMatch(/^https:/);
    }
  });
});
