import { describe, expect, test } from 'vitest';
import { checkHtmlValidity } from '../../src/build/checks/html-validity.ts';
import { loadBuiltSite } from '../support/built-site.ts';

const site = loadBuiltSite();

describe('HTML validity of dist/', () => {
  test('every page is valid HTML (html-validate)', async () => {
    // Each entry names the page, the rule with its line, and the message.
    expect(await checkHtmlValidity(site)).toEqual([]);
  });
});
