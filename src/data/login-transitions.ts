/**
 * Every webmail address transition listed in the post "Changes to webmail
 * login" (June 2012), row for row, in the post's order and groups. The post's
 * table, the redirect-rule tests and the nginx test all read this table; the
 * rules themselves live in `src/deploy/login-redirects.ts` and must reproduce it.
 * No `astro:` imports: plain Node and vitest load it.
 */

/** Which paragraph of the post a row illustrates; the post separates groups with a blank line. */
export type LoginTransitionGroup = 'main' | 'own-domain' | 'mobile' | 'sticky-ssl' | 'insecure';

/** One line of the post's list: where an address goes and whether a certificate warning shows. */
export interface LoginTransition {
  /** The address typed, exactly as the post prints it (no trailing slash unless the post has one). */
  readonly from: string;
  /** True when the post marks the `from` side "(W)": a certificate warning about mismatched hostnames. */
  readonly fromWarning: boolean;
  /** `redirect`: the browser is sent on; `stays`: the address is answered where it is. */
  readonly outcome: 'redirect' | 'stays';
  /** Where the browser ends up, as the post prints it (for `stays`, the address it stays at). */
  readonly to: string;
  /** True when the post marks the `to` side "(W)". */
  readonly toWarning: boolean;
  /** The post's group (blank-line separated block) this row belongs to. */
  readonly group: LoginTransitionGroup;
}

/** The post's list, in order. */
export const loginTransitions = [
  { group: 'main', from: 'https://www.fastmail.fm', fromWarning: false, outcome: 'stays', to: 'https://www.fastmail.fm', toWarning: false },
  { group: 'main', from: 'http://fastmail.fm', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm', toWarning: false },
  { group: 'main', from: 'http://sent.com', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm/?domain=sent.com', toWarning: false },
  { group: 'main', from: 'http://www.fastmail.fm', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm', toWarning: false },
  { group: 'main', from: 'http://www.sent.com', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm/?domain=sent.com', toWarning: false },
  { group: 'main', from: 'https://fastmail.fm', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm', toWarning: false },
  { group: 'main', from: 'https://sent.com', fromWarning: true, outcome: 'redirect', to: 'https://www.fastmail.fm/?domain=sent.com', toWarning: false },
  { group: 'own-domain', from: 'http://mail.digitalintegrity.com', fromWarning: false, outcome: 'redirect', to: 'https://www.fastmail.fm/?domain=digitalintegrity.com', toWarning: false },
  { group: 'own-domain', from: 'https://mail.digitalintegrity.com', fromWarning: true, outcome: 'redirect', to: 'https://www.fastmail.fm/?domain=digitalintegrity.com', toWarning: false },
  { group: 'mobile', from: 'http://m.fastmail.fm', fromWarning: false, outcome: 'redirect', to: 'https://m.fastmail.fm', toWarning: false },
  { group: 'mobile', from: 'http://m.sent.com', fromWarning: false, outcome: 'redirect', to: 'https://m.fastmail.fm/?domain=sent.com', toWarning: false },
  { group: 'mobile', from: 'https://m.fastmail.fm', fromWarning: false, outcome: 'stays', to: 'https://m.fastmail.fm', toWarning: false },
  { group: 'mobile', from: 'https://m.sent.com', fromWarning: true, outcome: 'redirect', to: 'https://m.fastmail.fm/?domain=sent.com', toWarning: false },
  { group: 'sticky-ssl', from: 'http://ssl.fastmail.fm', fromWarning: false, outcome: 'redirect', to: 'https://ssl.fastmail.fm', toWarning: false },
  { group: 'sticky-ssl', from: 'http://ssl.sent.com', fromWarning: false, outcome: 'redirect', to: 'https://ssl.sent.com/', toWarning: true },
  { group: 'sticky-ssl', from: 'https://ssl.fastmail.fm', fromWarning: false, outcome: 'stays', to: 'https://ssl.fastmail.fm', toWarning: false },
  { group: 'sticky-ssl', from: 'https://ssl.sent.com', fromWarning: true, outcome: 'stays', to: 'https://ssl.sent.com/', toWarning: true },
  { group: 'insecure', from: 'http://insecure.fastmail.fm', fromWarning: false, outcome: 'stays', to: 'http://insecure.fastmail.fm', toWarning: false },
  { group: 'insecure', from: 'http://insecure.sent.com', fromWarning: false, outcome: 'stays', to: 'http://insecure.sent.com', toWarning: false },
] as const satisfies readonly LoginTransition[];

/** What the "(W)" marker means, in the post's words. */
export const certificateWarningMeaning = 'certificate warning about mismatched hostnames';
