import { expect, test } from 'vitest';
import { checkRedirects } from '../../src/build/checks/redirects.ts';
import { listCategorySlugs } from '../../src/build/checks/site-links.ts';
import { formatProblems } from '../../src/build/checks/types.ts';
import { findRedirectProblems, formatRedirectProblems } from '../../src/redirects/redirect-table.ts';
import { readSiteRedirects } from '../../src/redirects/site-redirects.ts';
import { loadBuiltSite } from '../support/built-site.ts';
import { projectRoot } from '../support/temp-project.ts';

const site = loadBuiltSite();

test('every redirect of the table (legacy and redirectFrom) leads to a built page, in one hop', () => {
  const rules = readSiteRedirects(projectRoot, listCategorySlugs(site));
  expect(rules.length).toBeGreaterThan(5);
  expect(formatProblems(checkRedirects(site, rules))).toBe('');
});

test('a category with a Unicode slug gets its old feed addresses as site paths, percent-encoded', () => {
  const rules = readSiteRedirects(projectRoot, [...listCategorySlugs(site), 'новости']);
  const encoded = encodeURIComponent('новости');
  expect(rules).toContainEqual(
    expect.objectContaining({ from: `/category/${encoded}/feed/`, to: `/category/${encoded}/feed.xml` }),
  );
  expect(formatRedirectProblems(findRedirectProblems(rules, new Set()))).toBe('');
});
