/**
 * The few pages the follower service answers with, rendered here so the
 * service stands alone. Same look as the site: its colours, fonts, header and
 * measure, in a small inline stylesheet (light and dark).
 */
import { formatFollowerPath } from '../data/follower-service.ts';
import { site } from '../site.ts';
import { escapeHtml } from './html-text.ts';
import type { FollowerPreferences } from './store/follower.ts';
import { deliveryModes } from './store/follower.ts';

/** A rendered page and its status. */
export interface ServicePage {
  /** HTTP status. */
  readonly status: 200 | 400 | 404 | 413 | 429 | 500;
  /** The whole document. */
  readonly html: string;
}

const styles = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--accent:#0b5cad;--rule:#d0d7de;--focus:#bf4b00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--accent:#6cb6ff;--rule:#30363d;--focus:#ffa657}}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
a{color:var(--accent)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.wrap{max-width:42rem;margin:0 auto;padding:0 1.25rem}
header{border-bottom:1px solid var(--rule);padding:1.5rem 0 1rem}
.site-title{margin:0;font-size:1.6rem;line-height:1.2}.site-title a{color:var(--fg);text-decoration:none}
.tagline{margin:.25rem 0 0;color:var(--muted)}main{padding:1.5rem 0 2.5rem}
footer{border-top:1px solid var(--rule);padding:1.5rem 0;color:var(--muted);font-size:.9375rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=email]{font:inherit;padding:.4rem .5rem;width:min(100%,22rem);border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg)}
fieldset{border:1px solid var(--rule);border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem 1rem}legend{font-weight:600;padding:0 .25rem}
fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:baseline;margin:.35rem 0}.note{color:var(--muted);font-size:.9375rem}
button{font:inherit;padding:.45rem 1.1rem;margin-top:.5rem;border:0;border-radius:4px;background:var(--accent);color:var(--bg);cursor:pointer}
.error{color:#b3261e;font-weight:600}@media (prefers-color-scheme:dark){.error{color:#ff9a8f}}`;

/** Wraps page content in the site's shell. */
function renderShell(status: ServicePage['status'], title: string, body: string): ServicePage {
  const html = `<!doctype html>
<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – ${escapeHtml(site.title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${styles}</style>
</head>
<body>
<header><div class="wrap"><p class="site-title"><a href="/">${escapeHtml(site.title)}</a></p><p class="tagline">${escapeHtml(site.tagline)}</p></div></header>
<main id="content" class="wrap">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><div class="wrap"><p><a href="/">Back to ${escapeHtml(site.title)}</a></p></div></footer>
</body>
</html>
`;
  return { status, html };
}

/** The Follow form again, with a message, after bad input. */
function renderFollowForm(email: string): string {
  return `<form method="post" action="${site.followEndpoint}">
<label for="follow-email">Email address</label>
<input id="follow-email" type="email" name="email" required maxlength="254" autocomplete="email" value="${escapeHtml(email)}">
<div><button type="submit">Follow</button></div>
</form>`;
}

/** After Follow: the same answer whether or not the address was known. */
export function renderConfirmationSentPage(): ServicePage {
  return renderShell(
    200,
    'Check your inbox',
    `<p>We have sent a confirmation email to the address you gave. Open the link in it to start getting every new post.</p>
<p>Nothing arrived? Look in your spam folder; the link works for 7 days.</p>`,
  );
}

/** The address did not pass the checks. */
export function renderInvalidEmailPage(email: string): ServicePage {
  return renderShell(
    400,
    'That address does not look right',
    `<p class="error" id="follow-error">Please enter an email address such as name@example.com.</p>
${renderFollowForm(email.slice(0, 254))}`,
  );
}

/** Too many sign-ups from this client or for this address. */
export function renderRateLimitedPage(): ServicePage {
  return renderShell(
    429,
    'Please wait a little',
    '<p>There have been too many sign-ups from here or for this address. Please try again later.</p>',
  );
}

/** The request body was over the limit. */
export function renderTooLargePage(): ServicePage {
  return renderShell(413, 'Request too large', '<p>That request was too large.</p>');
}

/** How each delivery mode is offered on the pages. */
const deliveryLabels = {
  instant: 'Each post, as it is published',
  daily: 'A daily digest of the new posts',
  weekly: 'A weekly digest of the new posts',
} as const satisfies Record<FollowerPreferences['delivery'], string>;

/**
 * The delivery and category choice, as plain form controls (no script): the
 * confirm page and the preferences page show the same fieldsets.
 */
function renderPreferenceFields(
  preferences: FollowerPreferences,
  categories: readonly string[],
): string {
  const radios = deliveryModes
    .map(
      (mode) =>
        `<label><input type="radio" name="delivery" value="${mode}"${preferences.delivery === mode ? ' checked' : ''}> ${deliveryLabels[mode]}</label>`,
    )
    .join('\n');
  const chosen = new Set(preferences.categories ?? []);
  const boxes = categories
    .map(
      (name) =>
        `<label><input type="checkbox" name="category" value="${escapeHtml(name.toLowerCase())}"${chosen.has(name.toLowerCase()) ? ' checked' : ''}> ${escapeHtml(name)}</label>`,
    )
    .join('\n');
  const categoryFieldset =
    categories.length === 0
      ? ''
      : `<fieldset><legend>Which posts</legend>
<p class="note">Tick some categories to get only their posts; tick none to get every post.</p>
${boxes}
</fieldset>`;
  return `<fieldset><legend>How often</legend>
${radios}
</fieldset>
${categoryFieldset}`;
}

/** Confirm page (GET): the delivery choice and one button, which POSTs; the GET itself changes nothing. */
export function renderConfirmPage(token: string, categories: readonly string[] = []): ServicePage {
  return renderShell(
    200,
    'Confirm following',
    `<p>Choose how you want the new posts of ${escapeHtml(site.title)}, then press the button. You can change this later from any email.</p>
<form method="post" action="${formatFollowerPath('confirm')}?token=${encodeURIComponent(token)}">
${renderPreferenceFields({ delivery: 'instant', categories: null }, categories)}
<button type="submit">Confirm following</button>
</form>`,
  );
}

/** Preferences page: the follower's current choice, to change; `saved` after a POST. */
export function renderPreferencesPage(
  token: string,
  email: string,
  preferences: FollowerPreferences,
  categories: readonly string[],
  saved: boolean,
): ServicePage {
  return renderShell(
    200,
    'Manage your subscription',
    `${saved ? '<p role="status"><strong>Saved.</strong> Your choice applies from the next email.</p>\n' : ''}<p>How <strong>${escapeHtml(email)}</strong> follows ${escapeHtml(site.title)}:</p>
<form method="post" action="${formatFollowerPath('preferences')}?token=${encodeURIComponent(token)}">
${renderPreferenceFields(preferences, categories)}
<button type="submit">Save</button>
</form>
<p class="note">To stop all emails, use the Unsubscribe link at the foot of any email.</p>`,
  );
}

/** The manage link is unknown, forged or expired: ask for a new one by address. */
export function renderManageInvalidPage(): ServicePage {
  return renderShell(
    400,
    'This link has expired',
    `<p>This link to manage a subscription is not valid any more. Enter your address and, if it follows ${escapeHtml(site.title)}, we will email you a new link.</p>
<form method="post" action="${formatFollowerPath('preferences')}">
<label for="manage-email">Email address</label>
<input id="manage-email" type="email" name="email" required maxlength="254" autocomplete="email">
<div><button type="submit">Email me a link</button></div>
</form>`,
  );
}

/** After asking for a manage link: the same answer whether or not the address follows. */
export function renderManageLinkSentPage(): ServicePage {
  return renderShell(
    200,
    'Check your inbox',
    `<p>If that address follows ${escapeHtml(site.title)}, a link to manage the subscription is on its way. It works for 60 days.</p>`,
  );
}

/** The confirm link is unknown, used or expired. */
export function renderConfirmInvalidPage(): ServicePage {
  return renderShell(
    400,
    'This link has expired',
    `<p>This confirmation link is not valid: it was already used, or it is more than 7 days old. To follow, use the Follow form again.</p>
${renderFollowForm('')}`,
  );
}

/** Confirmed, with what they chose (every post as published, by default). */
export function renderConfirmedPage(
  preferences: FollowerPreferences = { delivery: 'instant', categories: null },
): ServicePage {
  const what = preferences.categories
    ? `The new posts in ${escapeHtml(preferences.categories.join(', '))}`
    : `Every new post of ${escapeHtml(site.title)}`;
  const how = {
    instant: 'will arrive in your inbox as it is published',
    daily: 'will arrive in a daily digest',
    weekly: 'will arrive in a weekly digest',
  }[preferences.delivery];
  return renderShell(
    200,
    'You are following',
    `<p>Thank you. ${what} ${how}. A welcome email is on its way; each email has a link to manage your subscription and one to unsubscribe.</p>`,
  );
}

/** Unsubscribe page (GET): names the address and offers one button. */
export function renderUnsubscribePage(token: string, email: string): ServicePage {
  return renderShell(
    200,
    'Unsubscribe',
    `<p>Stop sending new posts of ${escapeHtml(site.title)} to <strong>${escapeHtml(email)}</strong>?</p>
<form method="post" action="${formatFollowerPath('unsubscribe')}?token=${encodeURIComponent(token)}">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

/** The unsubscribe link is unknown. */
export function renderUnsubscribeInvalidPage(): ServicePage {
  return renderShell(
    400,
    'This link is not valid',
    '<p>This unsubscribe link is not valid. If you still get emails, use the link in the newest one.</p>',
  );
}

/** Unsubscribed. */
export function renderUnsubscribedPage(): ServicePage {
  return renderShell(
    200,
    'You are unsubscribed',
    `<p>You will get no more emails from ${escapeHtml(site.title)}. Changed your mind? Use the Follow form at the foot of any page.</p>`,
  );
}

/** Unknown follower URL. */
export function renderNotFoundPage(): ServicePage {
  return renderShell(404, 'Not found', '<p>There is nothing at this address.</p>');
}
