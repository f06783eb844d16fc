/**
 * Reading bounce and complaint reports: delivery status notifications
 * (RFC 3464), abuse feedback reports (ARF, RFC 5965), Amazon SES/SNS
 * notifications, and the plain-text bounces some servers still send (qmail,
 * Exim, Postfix without DSN). mailparser reads the MIME; this module reads the
 * report fields out of it and says which follower each one is about.
 *
 * The follower comes from the VERP tag of our return path (the listener's
 * envelope recipient, or anywhere in the report: DSNs and ARF reports quote
 * our Return-Path, SES notifications carry it as `mail.source`). A tag is
 * only believed when its MAC checks out. Anyone can mail the bounce address,
 * so a report without such a tag (an SES notification mailed on is no better:
 * nothing here checks an SNS signature) is `unverified`: recorded for the
 * operator with the addresses it names, and it never suppresses anybody.
 * Anything that cannot be read is `malformed`: counted, logged by the caller,
 * and never suppresses anybody either.
 */
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { normalizeEmail } from './email-address.ts';
import type { BounceEvent, BounceKind, BounceStore } from './store/bounces.ts';
import { createVerpTag, parseVerpTag } from './tokens.ts';

/** One address a report names, before it is matched to a follower. */
export interface ReportedAddress {
  /** The address as the report gives it; null when only the VERP tag says who. */
  readonly email: string | null;
  /** Hard, soft or complaint. */
  readonly kind: BounceKind;
  /** Enhanced status code (5.1.1) or feedback type (abuse). */
  readonly status: string | null;
  /** The remote server's words. */
  readonly detail: string | null;
  /** The report says the address will never take mail (SES Permanent General/NoEmail). */
  readonly permanent?: boolean;
}

/** What a report holds, read but not yet recorded. */
export interface ParsedReport {
  /** Which format it was read as. */
  readonly format: 'dsn' | 'arf' | 'ses' | 'plain';
  /** A stable id: its Message-ID, else a hash of the bytes. */
  readonly reportId: string;
  /** The report's date (ms), when it has a sensible one. */
  readonly date: number | null;
  /** The addresses it is about. */
  readonly addresses: readonly ReportedAddress[];
  /** Every VERP-looking tag found in it, first the most likely. */
  readonly verpTags: readonly string[];
  /** The Message-ID of the message that bounced, when the report quotes it. */
  readonly sendId: string | null;
}

/** Thrown for a report that cannot be read; the message says why. */
export class MalformedReportError extends Error {
  /** A malformed-report error. */
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReportError';
  }
}

/** Field blocks (`Name: value` lines, folded lines joined) separated by blank lines. */
export function parseFieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) blocks.push(current);
      current = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (match) {
      last = (match[1] as string).toLowerCase();
      current.set(last, (match[2] as string).trim());
    } else {
      last = null;
    }
  }
  if (current.size > 0) blocks.push(current);
  return blocks;
}

/** `rfc822; Name@Example.org` or `<a@b>` → the address, or null. */
function readAddressField(value: string | undefined): string | null {
  if (!value) return null;
  const bare = value
    .replace(/^[a-z0-9-]+\s*;\s*/i, '')
    .replace(/[<>]/g, '')
    .trim();
  return normalizeEmail(bare);
}

/** Hard for 5.x.x, soft for 4.x.x; null for 2.x.x (delivered) or nothing usable. */
function classifyStatus(status: string | null, action: string | null): BounceKind | null {
  const action_ = action?.toLowerCase() ?? '';
  if (['delivered', 'relayed', 'expanded'].includes(action_)) return null;
  if (action_ === 'delayed') return 'soft';
  if (status?.startsWith('5')) return 'hard';
  if (status?.startsWith('4')) return 'soft';
  if (action_ === 'failed') return 'hard';
  return null;
}

/** Every VERP tag shaped like ours in a text, in order, without repeats. */
function findVerpTags(text: string): string[] {
  const tags = [...text.matchAll(/\+(\d{1,15}-[0-9a-f]{16})@/gi)].map((m) =>
    (m[1] as string).toLowerCase(),
  );
  return [...new Set(tags)];
}

/** The first `Message-ID:` header line in a text (the quoted original's), or null. */
function findMessageId(text: string): string | null {
  return /^Message-ID:\s*(<[^<>\s]{1,250}>)/im.exec(text)?.[1] ?? null;
}

/** The DSN's per-recipient blocks as addresses. */
function readDeliveryStatus(fields: string): ReportedAddress[] {
  const addresses: ReportedAddress[] = [];
  for (const block of parseFieldBlocks(fields)) {
    if (!block.has('action') && !block.has('final-recipient')) continue;
    const status = /\d\.\d{1,3}\.\d{1,3}/.exec(block.get('status') ?? '')?.[0] ?? null;
    const kind = classifyStatus(status, block.get('action') ?? null);
    if (!kind) continue;
    addresses.push({
      email:
        readAddressField(block.get('original-recipient')) ??
        readAddressField(block.get('final-recipient')),
      kind,
      status,
      detail: block.get('diagnostic-code')?.slice(0, 500) ?? null,
    });
  }
  return addresses;
}

/** The ARF fields as one complaint (a `not-spam` report is no complaint). */
function readFeedbackReport(fields: string, original: string): ReportedAddress[] {
  const block = parseFieldBlocks(fields).find((fieldBlock) => fieldBlock.has('feedback-type'));
  if (!block) return [];
  const type = (block.get('feedback-type') ?? '').toLowerCase();
  if (type === 'not-spam') return [];
  const originalTo = /^To:\s*(.+)$/im.exec(original)?.[1];
  return [
    {
      email: readAddressField(block.get('original-rcpt-to')) ?? readAddressField(originalTo),
      kind: 'complaint',
      status: type || 'abuse',
      detail: block.get('user-agent') ?? null,
    },
  ];
}

/**
 * SES bounce subtypes of a Permanent bounce that mean the address will never
 * take mail (AWS: remove the recipient); the others (Suppressed,
 * OnAccountSuppressionList, UnsupportedAttachment) go by their status code.
 */
const sesNonexistentSubtypes: readonly string[] = ['General', 'NoEmail'];

/**
 * An Amazon SES notification (bare, or wrapped in an SNS envelope) as
 * addresses, with the Message-ID of the message that bounced.
 */
function readSesNotification(
  body: string,
): { addresses: ReportedAddress[]; sendId: string | null } | null {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(body.trim()) as Record<string, unknown>;
    if (typeof data.Message === 'string') data = JSON.parse(data.Message) as typeof data;
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object') return null;
  const mail = data.mail as
    { messageId?: unknown; commonHeaders?: { messageId?: unknown } } | undefined;
  const quotedId = mail?.commonHeaders?.messageId;
  const sendId =
    typeof quotedId === 'string'
      ? quotedId.slice(0, 250)
      : typeof mail?.messageId === 'string'
        ? `ses:${mail.messageId.slice(0, 200)}`
        : null;
  const type = data.notificationType ?? data.eventType;
  if (type === 'Bounce') {
    const bounce = data.bounce as {
      bounceType?: string;
      bounceSubType?: string;
      bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string }[];
    };
    const kind: BounceKind = bounce?.bounceType === 'Permanent' ? 'hard' : 'soft';
    const permanent =
      kind === 'hard' && sesNonexistentSubtypes.includes(bounce?.bounceSubType ?? '');
    const addresses = (bounce?.bouncedRecipients ?? []).map((recipient) => ({
      email: readAddressField(recipient.emailAddress),
      kind,
      status: recipient.status ?? null,
      detail: recipient.diagnosticCode?.slice(0, 500) ?? null,
      permanent,
    }));
    return { addresses, sendId };
  }
  if (type === 'Complaint') {
    const complaint = data.complaint as {
      complainedRecipients?: { emailAddress?: string }[];
      complaintFeedbackType?: string;
    };
    const addresses = (complaint?.complainedRecipients ?? []).map((recipient) => ({
      email: readAddressField(recipient.emailAddress),
      kind: 'complaint' as const,
      status: complaint.complaintFeedbackType ?? 'abuse',
      detail: null,
    }));
    return { addresses, sendId };
  }
  return null;
}

/**
 * A plain-text bounce (qmail's "failure notice", Exim's "Mail delivery
 * failed", old Postfix and Exchange): the first SMTP answer in it says hard
 * or soft, the addresses it quotes say who.
 */
function readPlainBounce(subject: string, from: string, text: string): ReportedAddress[] {
  const looksLikeBounce =
    /undeliver|returned mail|failure notice|delivery (status notification|failure|has failed)|mail delivery failed|could not be delivered/i.test(
      subject,
    ) || /mailer-daemon|postmaster/i.test(from);
  if (!looksLikeBounce) return [];
  const answer = /\b([45])\d\d[ -]((?:[45])\.\d{1,3}\.\d{1,3})?/.exec(text);
  if (!answer) return [];
  const kind: BounceKind = answer[1] === '5' ? 'hard' : 'soft';
  const status = answer[2] ?? null;
  const quoted = [
    ...text.matchAll(/^\s*<([^<>\s]+@[^<>\s]+)>:?\s*$|^\s*<([^<>\s]+@[^<>\s]+)>:/gm),
    ...text.matchAll(/failed:\s*\n\s*([^\s<>]+@[^\s<>]+)/g),
  ]
    .map((m) => normalizeEmail(m[1] ?? m[2]))
    .filter((email): email is string => email !== null);
  const emails = [...new Set(quoted)];
  const detail = text
    .slice(answer.index, answer.index + 200)
    .split('\n')[0]
    ?.trim();
  if (emails.length === 0) return [{ email: null, kind, status, detail: detail ?? null }];
  return emails.map((email) => ({ email, kind, status, detail: detail ?? null }));
}

/** Reads one report; throws MalformedReportError when it is not one we can use. */
export async function parseBounceReport(raw: Buffer): Promise<ParsedReport> {
  let mail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true });
  } catch (error) {
    throw new MalformedReportError(`unreadable MIME: ${(error as Error).message}`);
  }
  const contentType = mail.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  const reportType = contentType?.params?.['report-type']?.toLowerCase() ?? '';
  const attachments = mail.attachments.map((attachment) => ({
    type: attachment.contentType.toLowerCase(),
    text: attachment.content.toString('utf8'),
  }));
  const text = mail.text ?? '';
  const fieldText = [
    ...attachments
      .filter((part) => /^message\/(global-)?(delivery-status|feedback-report)$/.test(part.type))
      .map((part) => part.text),
    text,
  ].join('\n\n');
  const original = attachments
    .filter((part) => /rfc822|global$/.test(part.type))
    .map((part) => part.text)
    .join('\n');

  let format: ParsedReport['format'];
  let addresses: ReportedAddress[];
  // The message that bounced, as the report quotes it (its headers, or SES's mail object).
  let sendId = findMessageId(original) ?? findMessageId(text);
  if (
    reportType === 'feedback-report' ||
    attachments.some((p) => p.type.endsWith('feedback-report'))
  ) {
    format = 'arf';
    addresses = readFeedbackReport(fieldText, original);
  } else if (reportType === 'delivery-status' || /^\s*final-recipient:/im.test(fieldText)) {
    format = 'dsn';
    addresses = readDeliveryStatus(fieldText);
  } else {
    const ses = readSesNotification(text);
    if (ses) {
      format = 'ses';
      addresses = ses.addresses;
      sendId = ses.sendId;
    } else {
      format = 'plain';
      addresses = readPlainBounce(mail.subject ?? '', mail.from?.text ?? '', text);
    }
  }
  if (addresses.length === 0) {
    throw new MalformedReportError(
      `no bounce or complaint in it (read as ${format}${mail.subject ? `, subject "${mail.subject.slice(0, 80)}"` : ''})`,
    );
  }
  const date = mail.date?.getTime();
  return {
    format,
    reportId:
      mail.messageId?.slice(0, 250) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    date: date !== undefined && Number.isFinite(date) ? date : null,
    addresses,
    // The raw bytes first; the decoded parts too, for a report sent base64 or
    // quoted-printable (an SES notification mailed on, say).
    verpTags: findVerpTags(
      [raw.toString('latin1'), text, ...attachments.map((part) => part.text)].join('\n'),
    ),
    sendId,
  };
}

/**
 * How one report ended: recorded and acted on (its VERP tag checked out),
 * recorded but not acted on (no such tag: `unverified`), seen before, or unusable.
 */
export type ReportOutcome = 'recorded' | 'unverified' | 'duplicate' | 'malformed';

/** What an unverified report claims about one address, for the operator. */
export interface ReportClaim {
  /** The address it names. */
  readonly email: string;
  /** Hard, soft or complaint. */
  readonly kind: BounceKind;
  /** Status code or feedback type, when it gave one. */
  readonly status: string | null;
}

/** The result of processing one report. */
export interface ProcessedReport {
  /** Recorded, recorded but not acted on, seen before, or unusable. */
  readonly outcome: ReportOutcome;
  /** Addresses this report suppressed. */
  readonly suppressed: readonly string[];
  /** Why it was malformed, for the log. */
  readonly problem?: string;
  /** For an unverified report: what it says, which nobody acted on. */
  readonly claims?: readonly ReportClaim[];
}

/** An unverified report's claims in one line: `complaint (abuse) for a@example.com; …`. */
export function formatReportClaims(claims: readonly ReportClaim[]): string {
  return claims
    .map(
      (claim) =>
        `${claim.kind === 'complaint' ? 'complaint' : `${claim.kind} bounce`}${claim.status ? ` (${claim.status})` : ''} for ${claim.email}`,
    )
    .join('; ');
}

/** What processing a report needs. */
export interface BounceContext {
  /** The bounce side of the store. */
  readonly store: BounceStore;
  /** The service secret (VERP tags are checked with it); null: tags are not believed. */
  readonly secret: string | null;
  /** Clock. */
  readonly now: number;
}

/** The follower a VERP tag names, when its MAC checks out. */
function resolveVerpTag(context: BounceContext, tag: string): string | null {
  const followerId = parseVerpTag(tag);
  if (followerId === null || context.secret === null) return null;
  const follower = context.store.findFollower(followerId);
  if (!follower) return null;
  return createVerpTag(context.secret, followerId, follower.unsubscribeNonce) === tag
    ? follower.email
    : null;
}

/**
 * Reads one report and records it: the events, once per report id, and the
 * suppressions they trigger. A report without a VERP tag whose MAC checks out
 * is recorded as `unverified` with what it claims, and suppresses nobody.
 * Never throws for a bad report: it comes back `malformed` and changes nothing.
 */
export async function processBounceReport(
  raw: Buffer,
  context: BounceContext,
  envelopeRecipients: readonly string[] = [],
): Promise<ProcessedReport> {
  let report: ParsedReport;
  try {
    report = await parseBounceReport(raw);
  } catch (error) {
    if (!(error instanceof MalformedReportError)) throw error;
    return { outcome: 'malformed', suppressed: [], problem: error.message };
  }
  const envelopeTags = envelopeRecipients.flatMap(findVerpTags);
  const tags = [...envelopeTags, ...report.verpTags];
  const verpFollower = tags.map((tag) => resolveVerpTag(context, tag)).find(Boolean) ?? null;
  // Sent to a tagged return path whose tag is not ours: forged or garbled, so it counts for nobody.
  if (envelopeTags.length > 0 && verpFollower === null) {
    return { outcome: 'malformed', suppressed: [], problem: 'its VERP tag does not check out' };
  }
  const at = report.date !== null && report.date <= context.now ? report.date : context.now;
  // With a checked VERP tag the report is about that follower alone (one
  // recipient per message); without one, it only claims the addresses it names.
  const events: BounceEvent[] = [];
  const seen = new Set<string>();
  for (const address of report.addresses) {
    const email = verpFollower ?? address.email;
    if (!email || seen.has(`${email.toLowerCase()} ${address.kind}`)) continue;
    seen.add(`${email.toLowerCase()} ${address.kind}`);
    events.push({
      email,
      kind: address.kind,
      status: address.status,
      detail: address.detail,
      at,
      sendId: report.sendId,
      permanent: address.permanent ?? false,
    });
  }
  if (events.length === 0) {
    return {
      outcome: 'malformed',
      suppressed: [],
      problem: 'it names no address we know how to read',
    };
  }
  const verified = verpFollower !== null;
  const suppressed = context.store.recordReport(report.reportId, events, context.now, {
    verified,
  });
  if (suppressed === null) return { outcome: 'duplicate', suppressed: [] };
  if (!verified) {
    const claims = events.map(({ email, kind, status }) => ({ email, kind, status }));
    return { outcome: 'unverified', suppressed: [], claims };
  }
  return { outcome: 'recorded', suppressed };
}
