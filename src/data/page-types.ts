/**
 * One sample page per page type of the site: the browser tests (accessibility,
 * keyboard) visit each, and `npm run audit` scores each with Lighthouse.
 * A new page type is one row here, and both pick it up.
 */

/** A page type and the page that stands for it. */
export interface PageType {
  /** Name in test titles and the audit table. */
  readonly label: string;
  /** Site path (with query) of a page of this type. */
  readonly path: string;
  /**
   * What the audit loads instead, when it differs: Lighthouse refuses to score a
   * response with status 404, so the 404 type is audited as the file missing URLs get.
   */
  readonly auditPath?: string;
}

/** Every page type, in the order reports list them. */
export const pageTypes = [
  { label: 'home', path: '/' },
  { label: 'post', path: '/2012/05/21/understanding-ssl-vs-tls-vs-starttls/' },
  { label: 'category', path: '/category/news/' },
  { label: 'archives', path: '/archives/' },
  { label: 'month archive', path: '/2012/07/' },
  { label: 'search', path: '/search/?q=STARTTLS' },
  { label: '404', path: '/no-such-page/', auditPath: '/404.html' },
  { label: 'help index', path: '/help/' },
  { label: 'help page', path: '/help/ssl-vs-tls-vs-starttls/' },
  { label: 'help section', path: '/help/email-programs/' },
  { label: 'help page in a section', path: '/help/email-programs/set-up-imap/' },
] as const satisfies readonly PageType[];
