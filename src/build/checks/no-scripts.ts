/**
 * Rule: no JavaScript on any page but the allowed ones (the search page).
 * Counts script elements (JSON-LD data blocks that are valid JSON excepted), inline event
 * handlers, `javascript:` URLs and script preloads.
 */
import { load } from 'cheerio';
import type { BuiltSite, SiteProblem } from './types.ts';

/** Script types that are data, not code. */
const dataScriptTypes = new Set(['application/ld+json', 'application/json', 'importmap']);

/** True when `text` parses as JSON. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Lists the JavaScript in one page, as items for problems. */
export function listPageScripts(html: string): string[] {
  const $ = load(html);
  const found: string[] = [];
  $('script').each((_, element) => {
    const type = ($(element).attr('type') ?? '').toLowerCase();
    // A JSON data block (the help pages' BreadcrumbList) is never run and the CSP's
    // script-src does not apply to it; it passes only if it really is JSON, so
    // nothing executable can hide behind the type.
    if (dataScriptTypes.has(type) && type !== 'importmap') {
      if (!isJson($(element).text())) found.push(`<script type="${type}"> that is not valid JSON`);
      return;
    }
    const src = $(element).attr('src');
    found.push(
      src ? `<script src="${src}">` : `<script> ${$(element).text().trim().slice(0, 40)}…`,
    );
  });
  $('*').each((_, element) => {
    if (element.type !== 'tag') return;
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on[a-z]+$/i.test(name)) found.push(`<${element.tagName} ${name}>`);
      if (/^\s*javascript:/i.test(value))
        found.push(`<${element.tagName} ${name}="${value.slice(0, 40)}">`);
    }
  });
  $('link[rel~="modulepreload"], link[rel~="preload"][as="script"]').each((_, element) => {
    found.push(`<link rel="${$(element).attr('rel')}" href="${$(element).attr('href')}">`);
  });
  return found;
}

/** Checks that only `allowedPages` (site paths) carry JavaScript. */
export function checkNoScripts(site: BuiltSite, allowedPages: readonly string[]): SiteProblem[] {
  const allowed = new Set(allowedPages);
  return site.pages
    .filter((page) => !allowed.has(page.path))
    .flatMap((page) =>
      listPageScripts(page.html).map((item) => ({
        page: page.path,
        item,
        message: `JavaScript is allowed only on ${allowedPages.join(', ')}`,
      })),
    );
}
