import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  digestParts,
  readPackageVersion,
  readStepRecord,
  writeStepRecord,
} from '../../src/build/step-records.ts';

test.each([
  [
    ['ab', 'c'],
    ['a', 'bc'],
  ],
  [['a:b'], ['a', 'b']],
  [['1:a'], ['a']],
  [['a', ''], ['a']],
])('%j and %j have different digests', (one, other) => {
  expect(digestParts(one)).not.toBe(digestParts(other));
});

test('the same parts have the same digest', () => {
  expect(digestParts(['a', 'b'])).toBe(digestParts(['a', 'b']));
});

test('a record reads back as written; none, or one that is not JSON, reads as undefined', () => {
  const folder = mkdtempSync(join(tmpdir(), 'step-records-'));
  const file = join(folder, 'deep', 'record.json');
  expect(readStepRecord(file)).toBeUndefined();
  writeStepRecord(file, { digest: 'abc', output: 'def' });
  expect(readStepRecord(file)).toEqual({ digest: 'abc', output: 'def' });
  writeFileSync(file, '{ half');
  expect(readStepRecord(file)).toBeUndefined();
  writeFileSync(file, '{"output": "x"}');
  expect(readStepRecord(file)).toBeUndefined();
});

test('readPackageVersion finds an installed package’s own manifest', () => {
  expect(readPackageVersion('htmlparser2')).toMatch(/^\d+\.\d+\.\d+/);
  expect(readPackageVersion('pagefind')).toMatch(/^\d+\.\d+\.\d+/);
});
