/**
 * The two emails the service sends: the one confirmation a sign-up gets, and
 * one message per new post. Both carry a plain-text and an HTML part.
 */
import { createHash } from 'node:crypto';
import { formatFollowerPath } from '../data/follower-service.ts';
import type { OutgoingMessage } from './mailer.ts';
import { convertHtmlToText, escapeHtml } from './html-text.ts';

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
}

/** The email announcing a post: full post, link, one-click unsubscribe headers (RFC 2369, RFC 8058). */
export function composePostEmail(site: MailSite, input: PostEmailInput): OutgoingMessage {
  const { post } = input;
  const unsubscribeUrl = formatUnsubscribeUrl(site.baseUrl, input.unsubscribeToken);
  const title = stripControlCharacters(post.title);
  const text = [
    title,
    post.url,
    '',
    convertHtmlToText(post.contentHtml),
    '',
    '--',
    `Read it on the web: ${post.url}`,
    `You follow ${site.title} by email. Unsubscribe: ${unsubscribeUrl}`,
  ].join('\n');
  const html = wrapEmailHtml(
    title,
    `<h1 style="font-size:24px;line-height:1.25;margin:0 0 16px"><a href="${escapeHtml(post.url)}" style="color:#1f2328">${escapeHtml(title)}</a></h1>
${post.contentHtml}
<hr style="border:0;border-top:1px solid #d0d7de;margin:32px 0 16px">
<p style="color:#57606a;font-size:14px"><a href="${escapeHtml(post.url)}" style="color:#0b5cad">Read it on the web</a>.
You follow ${escapeHtml(site.title)} by email. <a href="${escapeHtml(unsubscribeUrl)}" style="color:#0b5cad">Unsubscribe</a>.</p>`,
  );
  const listHost = new URL(site.baseUrl).hostname;
  return {
    to: input.to,
    subject: title,
    text,
    html,
    messageId: formatPostMessageId(site.baseUrl, post.id, input.followerId),
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `${stripControlCharacters(site.title).replace(/[<>"]/g, '')} <followers.${listHost}>`,
      'Auto-Submitted': 'auto-generated',
    },
  };
}
