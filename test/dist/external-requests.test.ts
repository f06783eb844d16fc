import { describe, expect, test } from 'vitest';
import { checkExternalRequests } from '../../src/build/checks/external-requests.ts';
import { site as siteConfig } from '../../src/site.ts';
import { loadBuiltSite } from '../support/built-site.ts';

const site = loadBuiltSite();

describe('requests from dist/ pages', () => {
  test('no page loads anything from another origin', () => {
    expect(checkExternalRequests(site, siteConfig.url)).toEqual([]);
  });
});
