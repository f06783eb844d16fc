import { describe, expect, test } from 'vitest';
import { loginTransitions } from '../../src/data/login-transitions.ts';
import { formatTransitionLine, groupTransitions } from '../../src/lib/login-table.ts';

describe('transition rows', () => {
  test.each([
    [0, 'https://www.fastmail.fm -> stays at https://www.fastmail.fm'],
    [6, 'https://sent.com (W) -> https://www.fastmail.fm/?domain=sent.com'],
    [16, 'https://ssl.sent.com (W) -> stays at https://ssl.sent.com/ (W)'],
  ])('row %i reads "%s"', (index, line) => {
    const row = loginTransitions[index];
    if (!row) throw new Error(`no row ${index}`);
    expect(formatTransitionLine(row)).toBe(line);
  });

  test('groups follow the post blocks', () => {
    expect(groupTransitions(loginTransitions).map((rows) => rows.length)).toEqual([7, 2, 4, 4, 2]);
  });
});
