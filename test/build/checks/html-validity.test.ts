import { describe, expect, test } from 'vitest';
import { checkHtmlValidity } from '../../../src/build/checks/html-validity.ts';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';

/** A minimal valid page around `body`. */
function page(body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
}

describe('checkHtmlValidity', () => {
  test('accepts a valid page', async () => {
    expect(
      await checkHtmlValidity(createBuiltSite([{ path: '/ok/', html: page('<p>fine</p>') }])),
    ).toEqual([]);
  });

  test.each([
    ['duplicate ids', '<p id="a">1</p><p id="a">2</p>', 'no-dup-id'],
    ['an unclosed element', '<div><p>x</div>', 'no-implicit-close'],
    ['an image without alt', '<img src="/a.png">', 'wcag/h37'],
    ['a block in an inline element', '<span><div>x</div></span>', 'element-permitted-content'],
  ])('reports %s with the page and the rule', async (_, body, rule) => {
    const problems = await checkHtmlValidity(
      createBuiltSite([{ path: '/bad/', html: page(body) }]),
    );
    expect(problems).toContainEqual({
      page: '/bad/',
      item: expect.stringContaining(rule),
      message: expect.any(String),
    });
  });
});
