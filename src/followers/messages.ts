/**
 * The emails the service sends: the one confirmation a sign-up gets, the
 * welcome after confirming, a fresh "Manage your subscription" link on
 * request, one message per new post, and the daily or weekly digest. Each
 * carries a plain-text and an HTML part; every post and digest email carries
 * one-click unsubscribe headers and a signed link to the preferences page.
 */
import { createHash } from 'node:crypto';
import { formatFollowerPath } from '../data/follower-service.ts';
import type { OutgoingMessage } from './mailer.ts';
import { convertHtmlToText, escapeHtml } from './html-text.ts';
import type { DeliveryMode } from './store/follower.ts';

/** The site as emails name it. */
export interface MailSite {
  /** Site title. */
  readonly title: string;
  /** Public base URL of the service and site, no trailing slash. */
  readonly baseUrl: string;
}

/** A post as notify reads it from the built JSON Feed. */
export interface FeedPost {
  /** JSON Feed `id`: the permalink. */
  readonly id: string;
  /** Absolute permalink. */
  readonly url: string;
  /** Title, used as the subject. */
  readonly title: string;
  /** Full post HTML with absolute links. */
  readonly contentHtml: string;
  /** ISO publication date. */
  readonly datePublished: string;
  /** The feed's summary, for digests (absent in older feeds: then taken from the text). */
  readonly summary?: string;
  /** The feed's `tags`: the post's categories, which followers can choose from. */
  readonly categories?: readonly string[];
}

/** Removes line breaks and control characters, so a value can never add a header. */
export function stripControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** The link a confirmation email carries. */
export function formatConfirmUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${formatFollowerPath('confirm')}?token=${encodeURIComponent(token)}`;
}

/** The link (and List-Unsubscribe target) every post email carries. */
export function formatUnsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${formatFollowerPath('unsubscribe')}?token=${encodeURIComponent(token)}`;
}

/** The signed "Manage your subscription" link (the preferences page). */
export function formatManageUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${formatFollowerPath('preferences')}?token=${encodeURIComponent(token)}`;
}

/** The domain Message-IDs end in: the public host. */
function formatMessageIdDomain(baseUrl: string): string {
  return new URL(baseUrl).hostname;
}

/**
 * The Message-ID of a post email: the same for the same (post, follower)
 * every time, so a copy sent twice by accident would at least thread as one.
 */
export function formatPostMessageId(baseUrl: string, postId: string, followerId: number): string {
  const post = createHash('sha256').update(postId).digest('hex').slice(0, 20);
  return `<post-${post}-${followerId}@${formatMessageIdDomain(baseUrl)}>`;
}

/** Wraps email HTML in a small, mail-client-safe document. */
function wrapEmailHtml(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#ffffff;color:#1f2328;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.6">
<div style="max-width:600px;margin:0 auto;padding:24px 16px">
${body}
</div></body></html>`;
}

/** The confirmation email of a new sign-up. */
export function composeConfirmationEmail(
  site: MailSite,
  to: string,
  token: string,
  expiresInDays: number,
): OutgoingMessage {
  const url = formatConfirmUrl(site.baseUrl, token);
  const subject = `Confirm that you want to follow ${site.title}`;
  const text = [
    `Someone, probably you, asked to get every new post of ${site.title} by email at this address.`,
    '',
    `To confirm, open this link and press the button on the page:`,
    url,
    '',
    `If it was not you, ignore this email: nothing more will be sent, and the link stops working in ${expiresInDays} days.`,
  ].join('\n');
  const html = wrapEmailHtml(
    subject,
    `<p>Someone, probably you, asked to get every new post of <strong>${escapeHtml(site.title)}</strong> by email at this address.</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">Confirm following</a></p>
<p style="color:#57606a;font-size:14px">Or open this address: ${escapeHtml(url)}</p>
<p style="color:#57606a;font-size:14px">If it was not you, ignore this email: nothing more will be sent, and the link stops working in ${expiresInDays} days.</p>`,
  );
  return {
    to,
    subject,
    text,
    html,
    messageId: `<confirm-${createHash('sha256').update(token).digest('hex').slice(0, 24)}@${formatMessageIdDomain(site.baseUrl)}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** Input of `composePostEmail`. */
export interface PostEmailInput {
  /** The post. */
  readonly post: FeedPost;
  /** Recipient. */
  readonly to: string;
  /** Follower row id (for the Message-ID). */
  readonly followerId: number;
  /** The follower's unsubscribe token. */
  readonly unsubscribeToken: string;
  /** The follower's manage-link token; the footer links to the preferences page when given. */
  readonly manageToken?: string;
  /** The envelope sender (VERP return path), when bounces are tracked. */
  readonly returnPath?: string;
}

/** The footer lines every post and digest email ends with, text and HTML. */
function formatFollowFooter(
  site: MailSite,
  input: { readonly unsubscribeToken: string; readonly manageToken?: string },
): { text: string[]; html: string } {
  const unsubscribeUrl = formatUnsubscribeUrl(site.baseUrl, input.unsubscribeToken);
  const manageUrl = input.manageToken ? formatManageUrl(site.baseUrl, input.manageToken) : null;
  const text = [`You follow ${site.title} by email. Unsubscribe: ${unsubscribeUrl}`];
  if (manageUrl) text.push(`Manage your subscription (how often, which categories): ${manageUrl}`);
  const manageHtml = manageUrl
    ? ` <a href="${escapeHtml(manageUrl)}" style="color:#0b5cad">Manage your subscription</a>.`
    : '';
  return {
    text,
    html: `You follow ${escapeHtml(site.title)} by email.${manageHtml} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#0b5cad">Unsubscribe</a>.`,
  };
}

/** The headers of every post and digest email: one-click unsubscribe (RFC 2369, RFC 8058), list id. */
function formatListHeaders(site: MailSite, unsubscribeToken: string): Record<string, string> {
  const listHost = new URL(site.baseUrl).hostname;
  return {
    'List-Unsubscribe': `<${formatUnsubscribeUrl(site.baseUrl, unsubscribeToken)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${stripControlCharacters(site.title).replace(/[<>"]/g, '')} <followers.${listHost}>`,
    'Auto-Submitted': 'auto-generated',
  };
}

/** The email announcing a post: full post, link, one-click unsubscribe headers (RFC 2369, RFC 8058). */
export function composePostEmail(site: MailSite, input: PostEmailInput): OutgoingMessage {
  const { post } = input;
  const title = stripControlCharacters(post.title);
  const footer = formatFollowFooter(site, input);
  const text = [
    title,
    post.url,
    '',
    readPostParts(post).text,
    '',
    '--',
    `Read it on the web: ${post.url}`,
    ...footer.text,
  ].join('\n');
  const html = wrapEmailHtml(
    title,
    `<h1 style="font-size:24px;line-height:1.25;margin:0 0 16px"><a href="${escapeHtml(post.url)}" style="color:#1f2328">${escapeHtml(title)}</a></h1>
${post.contentHtml}
<hr style="border:0;border-top:1px solid #d0d7de;margin:32px 0 16px">
<p style="color:#57606a;font-size:14px"><a href="${escapeHtml(post.url)}" style="color:#0b5cad">Read it on the web</a>.
${footer.html}</p>`,
  );
  return {
    to: input.to,
    subject: title,
    text,
    html,
    messageId: formatPostMessageId(site.baseUrl, post.id, input.followerId),
    headers: formatListHeaders(site, input.unsubscribeToken),
    returnPath: input.returnPath,
  };
}

/** Input of `composeDigestEmail`. */
export interface DigestEmailInput {
  /** The posts, oldest first. */
  readonly posts: readonly FeedPost[];
  /** Daily or weekly. */
  readonly delivery: Exclude<DeliveryMode, 'instant'>;
  /** Recipient. */
  readonly to: string;
  /** Follower row id (for the Message-ID). */
  readonly followerId: number;
  /** The follower's unsubscribe token. */
  readonly unsubscribeToken: string;
  /** The follower's manage-link token. */
  readonly manageToken?: string;
  /** The envelope sender (VERP return path), when bounces are tracked. */
  readonly returnPath?: string;
}

/**
 * The Message-ID of a digest: the same for the same follower and the same
 * posts, so a digest resent after an interrupted run threads as one message
 * and receivers that drop duplicate Message-IDs keep one copy.
 */
export function formatDigestMessageId(
  baseUrl: string,
  postIds: readonly string[],
  followerId: number,
): string {
  const posts = createHash('sha256').update(postIds.join('\n')).digest('hex').slice(0, 20);
  return `<digest-${posts}-${followerId}@${formatMessageIdDomain(baseUrl)}>`;
}

/** A post's text, summary and date as emails show them. */
interface PostParts {
  /** The whole post as plain text. */
  readonly text: string;
  /** The feed's summary, else the start of the text, at most 300 characters. */
  readonly summary: string;
  /** `16 July 2012`. */
  readonly date: string;
}

// One notify run mails the same few posts to thousands of followers: each
// post is converted to text once per run, not once per email.
const postParts = new WeakMap<FeedPost, PostParts>();

/** The text, summary and date of a post, computed once per post object. */
function readPostParts(post: FeedPost): PostParts {
  let parts = postParts.get(post);
  if (!parts) {
    const text = convertHtmlToText(post.contentHtml);
    const summary = post.summary?.trim() || text;
    parts = {
      text,
      summary: summary.length > 300 ? `${summary.slice(0, 297).trimEnd()}…` : summary,
      date: formatMailDate(post.datePublished),
    };
    postParts.set(post, parts);
  }
  return parts;
}

/** `2012-07-16T…` → `16 July 2012`, the way the site writes dates. */
function formatMailDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The daily or weekly digest: every post since the last one, each with its
 * title, date, summary and link; a digest of one post carries its full text.
 */
export function composeDigestEmail(site: MailSite, input: DigestEmailInput): OutgoingMessage {
  const period = input.delivery === 'daily' ? 'Daily' : 'Weekly';
  const count = input.posts.length;
  const subject = stripControlCharacters(
    count === 1
      ? `${period} digest: ${input.posts[0]?.title ?? ''}`
      : `${period} digest: ${count} new posts on ${site.title}`,
  );
  const footer = formatFollowFooter(site, input);
  const textParts: string[] = [`${period} digest of ${site.title}`, ''];
  const htmlParts: string[] = [
    `<p style="color:#57606a;font-size:14px;margin:0 0 16px">${period} digest of ${escapeHtml(site.title)}</p>`,
  ];
  for (const post of input.posts) {
    const title = stripControlCharacters(post.title);
    const { date, text: fullText, summary } = readPostParts(post);
    const body = count === 1 ? fullText : summary;
    textParts.push(title, date, post.url, '', body, '');
    htmlParts.push(
      `<h2 style="font-size:20px;line-height:1.3;margin:24px 0 4px"><a href="${escapeHtml(post.url)}" style="color:#1f2328">${escapeHtml(title)}</a></h2>
<p style="color:#57606a;font-size:14px;margin:0 0 8px">${escapeHtml(date)}</p>
${count === 1 ? post.contentHtml : `<p>${escapeHtml(body)} <a href="${escapeHtml(post.url)}" style="color:#0b5cad">Read more</a></p>`}`,
    );
  }
  const text = [...textParts, '--', ...footer.text].join('\n');
  const html = wrapEmailHtml(
    subject,
    `${htmlParts.join('\n')}
<hr style="border:0;border-top:1px solid #d0d7de;margin:32px 0 16px">
<p style="color:#57606a;font-size:14px">${footer.html}</p>`,
  );
  return {
    to: input.to,
    subject,
    text,
    html,
    messageId: formatDigestMessageId(
      site.baseUrl,
      input.posts.map((post) => post.id),
      input.followerId,
    ),
    headers: formatListHeaders(site, input.unsubscribeToken),
    returnPath: input.returnPath,
  };
}

/** What each delivery mode means, in the words of the welcome email and the pages. */
export const deliveryDescriptions = {
  instant: 'each new post by email as it is published',
  daily: 'one email a day listing the posts published since the last one',
  weekly: 'one email a week listing the posts published since the last one',
} as const satisfies Record<DeliveryMode, string>;

/** Input of `composeWelcomeEmail`. */
export interface WelcomeEmailInput {
  /** Recipient. */
  readonly to: string;
  /** What they chose. */
  readonly delivery: DeliveryMode;
  /** The categories they chose; null for every post. */
  readonly categories: readonly string[] | null;
  /** Their manage-link token. */
  readonly manageToken: string;
  /** Their unsubscribe token. */
  readonly unsubscribeToken: string;
}

/** The welcome after confirming: what they will get, how often, how to change it. */
export function composeWelcomeEmail(site: MailSite, input: WelcomeEmailInput): OutgoingMessage {
  const subject = `Welcome to ${site.title}`;
  const manageUrl = formatManageUrl(site.baseUrl, input.manageToken);
  const what = input.categories
    ? `posts in ${input.categories.join(', ')}`
    : `every post of ${site.title}`;
  const how = deliveryDescriptions[input.delivery];
  const footer = formatFollowFooter(site, input);
  const text = [
    `Thank you for following ${site.title}.`,
    '',
    `You will get ${what}: ${how}.`,
    '',
    `To change how often, or which categories, open: ${manageUrl}`,
    'Every email carries that link, and one to unsubscribe.',
    '',
    '--',
    ...footer.text,
  ].join('\n');
  const html = wrapEmailHtml(
    subject,
    `<p>Thank you for following <strong>${escapeHtml(site.title)}</strong>.</p>
<p>You will get ${escapeHtml(what)}: ${escapeHtml(how)}.</p>
<p><a href="${escapeHtml(manageUrl)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">Manage your subscription</a></p>
<p style="color:#57606a;font-size:14px">Every email carries that link, and one to unsubscribe. ${footer.html}</p>`,
  );
  return {
    to: input.to,
    subject,
    text,
    html,
    messageId: `<welcome-${createHash('sha256').update(input.manageToken).digest('hex').slice(0, 24)}@${formatMessageIdDomain(site.baseUrl)}>`,
    headers: formatListHeaders(site, input.unsubscribeToken),
  };
}

/** A fresh manage link, sent when a follower asks for one on the preferences page. */
export function composeManageLinkEmail(
  site: MailSite,
  to: string,
  manageToken: string,
): OutgoingMessage {
  const subject = `Manage your subscription to ${site.title}`;
  const url = formatManageUrl(site.baseUrl, manageToken);
  const text = [
    `Someone, probably you, asked for a link to change how this address follows ${site.title}.`,
    '',
    url,
    '',
    'If it was not you, ignore this email: nothing changes unless the link is used.',
  ].join('\n');
  const html = wrapEmailHtml(
    subject,
    `<p>Someone, probably you, asked for a link to change how this address follows <strong>${escapeHtml(site.title)}</strong>.</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">Manage your subscription</a></p>
<p style="color:#57606a;font-size:14px">If it was not you, ignore this email: nothing changes unless the link is used.</p>`,
  );
  return {
    to,
    subject,
    text,
    html,
    messageId: `<manage-${createHash('sha256').update(manageToken).digest('hex').slice(0, 24)}@${formatMessageIdDomain(site.baseUrl)}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
