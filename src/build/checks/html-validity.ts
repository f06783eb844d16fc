/** Rule: every page is valid HTML, by html-validate's recommended rules. */
import { HtmlValidate, type ConfigData } from 'html-validate';
import type { BuiltSite, SiteProblem } from './types.ts';

/**
 * html-validate's recommended set, with the exceptions the generator needs.
 * Each exception says why.
 */
export const htmlValidateConfig: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    // Shiki's syntax highlighting colours code with inline style attributes.
    'no-inline-style': 'off',
    // A search-snippet length heuristic, not validity: the 2012 post titles are kept verbatim.
    'long-title': 'off',
    // A scrolling table wrapper is the usual `div role="region" tabindex="0"
    // aria-label`; a <section> would only be a region once named, so either is right.
    'prefer-native-element': ['error', { exclude: ['region'] }],
  },
};

/**
 * The same settings for the page a browser makes of a feed with the feed
 * stylesheet, less one style rule: XSLT writes XML, which has no bare
 * attributes, so `required="required"` (valid HTML) cannot be written `required`.
 */
export const feedPageValidateConfig: ConfigData = {
  ...htmlValidateConfig,
  rules: { ...htmlValidateConfig.rules, 'attribute-boolean-style': 'off' },
};

/** Validates every page; one problem per message, naming the rule and line. */
export async function checkHtmlValidity(site: BuiltSite): Promise<SiteProblem[]> {
  const validator = new HtmlValidate(htmlValidateConfig);
  const problems: SiteProblem[] = [];
  for (const page of site.pages) {
    const report = await validator.validateString(page.html, page.path);
    for (const result of report.results) {
      for (const message of result.messages) {
        problems.push({
          page: page.path,
          item: `${message.ruleId} at line ${message.line}:${message.column}${message.selector ? ` (${message.selector})` : ''}`,
          message: message.message,
        });
      }
    }
  }
  return problems;
}
