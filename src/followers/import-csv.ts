/**
 * Reading the follower list another host exported: the subscriber CSV of
 * WordPress.com and Jetpack (the e-mail addresses only: Automattic/jetpack
 * issue 40260 asks for more columns), the members export of Ghost, the
 * audience export of Mailchimp and the subscriber export of Substack, or a
 * plain `email[,subscribed_at]` file without a header. csv-parse reads the
 * CSV; this module picks the columns, skips the rows the export itself says
 * are not subscribed (counted with the reason), checks each address as the
 * Follow form would, and drops repeats.
 */
import { parse } from 'csv-parse/sync';
import { normalizeEmail } from './email-address.ts';
import { formatEmailKey } from './store/follower.ts';
import type { ImportOutcome, ImportStore } from './store/imports.ts';
import { createUnsubscribeNonce, deriveUnsubscribeToken, hashToken } from './tokens.ts';

/** One address to import, checked. */
export interface CsvFollower {
  /** Normalised address. */
  readonly email: string;
  /** Original subscription time (ms), when the file gives a readable one. */
  readonly subscribedAt: number | null;
}

/** Rows skipped because the export says they are not subscribed, by reason. */
export interface NotSubscribedCount {
  /** Why, naming the export and its column. */
  readonly reason: string;
  /** How many rows. */
  readonly count: number;
}

/** What the file held. */
export interface ParsedFollowerCsv {
  /** Usable addresses, first occurrence of each. */
  readonly followers: CsvFollower[];
  /** Rows whose address is not one the service would mail. */
  readonly invalid: number;
  /** Rows repeating an address already in the file (any spelling). */
  readonly duplicate: number;
  /** Rows the export marks as not subscribed (unsubscribed, cleaned, deleted, email off), by reason. */
  readonly notSubscribed: readonly NotSubscribedCount[];
}

/** A status column some export has: the header name and what makes a row not subscribed. */
interface StatusColumn {
  /** The header, lower-cased. */
  readonly name: string;
  /** The reason a row with this value is not subscribed, or null when it is. */
  readonly readReason: (value: string) => string | null;
}

/** True for the ways exports write "yes". */
const isYes = (value: string) => ['true', '1', 'yes'].includes(value.toLowerCase());

/** True for the ways exports write "no" (or leave it empty). */
const isNo = (value: string) => ['false', '0', 'no', ''].includes(value.toLowerCase());

/**
 * The status columns of the exports this imports, one row per column, with
 * the header each writes (checked against the exporters' own code and
 * fixtures). WordPress.com and Jetpack export addresses only, so they have
 * none. A value the table does not know counts as not subscribed: mailing
 * someone who opted out costs more than leaving out someone who did not.
 */
export const statusColumns: readonly StatusColumn[] = [
  // Ghost members export (ghost/members-csv): newsletter opt-outs, and comped
  // or paid members who never asked for email, are `false`.
  {
    name: 'subscribed_to_emails',
    readReason: (value) =>
      isYes(value) ? null : 'not subscribed to emails (Ghost subscribed_to_emails)',
  },
  // Ghost: a deleted member.
  {
    name: 'deleted_at',
    readReason: (value) => (value === '' ? null : 'deleted (Ghost deleted_at)'),
  },
  // Mailchimp's audience export is a ZIP of subscribed_, unsubscribed_ and
  // cleaned_members_export.csv; only the last two have these columns.
  {
    name: 'unsub_time',
    readReason: (value) => (value === '' ? null : 'unsubscribed (Mailchimp UNSUB_TIME)'),
  },
  {
    name: 'clean_time',
    readReason: (value) => (value === '' ? null : 'cleaned after bounces (Mailchimp CLEAN_TIME)'),
  },
  // Substack subscriber export: emails switched off for this reader.
  {
    name: 'email_disabled',
    readReason: (value) => (isNo(value) ? null : 'email disabled (Substack email_disabled)'),
  },
];

/**
 * Substack writes a reader who asked to be deleted as an address at this
 * domain (TryGhost/migrate's Substack importer skips them too).
 */
const substackDeletionDomain = '@deletion-request.substack.com';

/**
 * When they subscribed, by the exact header each export uses, best first:
 * Mailchimp's confirmation and opt-in times, Ghost's and Substack's
 * `created_at`, Substack's newer `Subscription date`, and this module's own
 * plain format. Other headers are guessed at only when none of these is there.
 */
export const subscribedAtColumns: readonly string[] = [
  'confirm_time',
  'optin_time',
  'created_at',
  'subscription date',
  'subscribed_at',
];

/** E-mail columns by exact header, before any guess: `email` (Ghost, Substack), Mailchimp's `Email Address`. */
const emailColumns: readonly string[] = ['email', 'email address', 'email_address', 'e-mail'];

/** The columns of a header row. */
interface CsvColumns {
  /** The address. */
  readonly email: number;
  /** The subscription date; -1 when there is none. */
  readonly date: number;
  /** Status columns found, with their place. */
  readonly status: readonly { readonly index: number; readonly column: StatusColumn }[];
}

/** The columns of a header row, or null when the first row is data. */
function findColumns(row: readonly string[]): CsvColumns | null {
  if (row.some((field) => field.includes('@'))) return null;
  const names = row.map((field) => field.trim().toLowerCase());
  const status = names.flatMap((name, index) => {
    const column = statusColumns.find((known) => known.name === name);
    return column ? [{ index, column }] : [];
  });
  const isStatus = (index: number) => status.some((found) => found.index === index);
  const findExact = (wanted: readonly string[]) =>
    wanted.map((name) => names.indexOf(name)).find((index) => index !== -1) ?? -1;
  let email = findExact(emailColumns);
  if (email === -1) email = names.findIndex((name, i) => !isStatus(i) && /e-?mail/.test(name));
  if (email === -1) return null;
  let date = findExact(subscribedAtColumns);
  if (date === -1) {
    // A guess: a header that reads like a date, and not one of another event.
    date = names.findIndex(
      (name, i) =>
        i !== email &&
        !isStatus(i) &&
        /(^|[\s_-])(date|time|at|on|since)$|^(date|created|joined|since|subscribed)$/.test(name) &&
        !/expir|cancel|unsub|clean|delet|last|open|click|pay|chang|updat/.test(name),
    );
  }
  return { email, date, status };
}

/** A date as exports write it (ISO, `2012-07-16 10:00:00`, or Unix seconds); null when unreadable. */
export function parseSubscribedAt(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  // `2012-07-16 10:00:00` is how WordPress writes dates: UTC.
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : null;
}

/** Reads a subscriber CSV. */
export function parseFollowerCsv(text: string): ParsedFollowerCsv {
  const rows = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
  }) as string[][];
  const columns = rows[0] ? findColumns(rows[0]) : null;
  const data = columns ? rows.slice(1) : rows;
  const emailColumn = columns?.email ?? 0;
  const dateColumn = columns ? columns.date : 1;
  const seen = new Map<string, CsvFollower>();
  // An address any row marks as not subscribed stays out, whatever another row says.
  const optedOut = new Set<string>();
  const reasons = new Map<string, number>();
  let invalid = 0;
  let duplicate = 0;
  for (const row of data) {
    const email = normalizeEmail(row[emailColumn]);
    if (!email) {
      invalid += 1;
      continue;
    }
    const key = formatEmailKey(email);
    const reason = key.endsWith(substackDeletionDomain)
      ? 'deletion request (Substack)'
      : (columns?.status
          .map(({ index, column }) => column.readReason((row[index] ?? '').trim()))
          .find((found) => found !== null) ?? null);
    if (reason !== null) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      optedOut.add(key);
      continue;
    }
    if (seen.has(key)) {
      duplicate += 1;
      continue;
    }
    seen.set(key, {
      email,
      subscribedAt: dateColumn === -1 ? null : parseSubscribedAt(row[dateColumn]),
    });
  }
  const followers = [...seen].filter(([key]) => !optedOut.has(key)).map(([, f]) => f);
  return {
    followers,
    invalid,
    // A subscribed row of an address another row opts out counts as a repeat.
    duplicate: duplicate + seen.size - followers.length,
    notSubscribed: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}

/** The counts of an import, for the operator. */
export interface ImportReport extends ImportOutcome {
  /** Rows in the file that were not usable addresses. */
  readonly invalid: number;
  /** Rows repeating an address earlier in the file. */
  readonly duplicate: number;
  /** Rows the export marks as not subscribed, by reason: never imported. */
  readonly notSubscribed: readonly NotSubscribedCount[];
  /** True when nothing was written. */
  readonly dryRun: boolean;
}

/** Options of `importFollowerCsv`. */
export interface ImportCsvOptions {
  /** The import side of the store. */
  readonly store: ImportStore;
  /** The service secret: imported followers' unsubscribe links are derived from it. */
  readonly secret: string;
  /** Where their consent came from, recorded per follower (e.g. `WordPress.com`). */
  readonly source: string;
  /** Count only, write nothing. */
  readonly dryRun: boolean;
  /** Clock. */
  readonly now: number;
}

/**
 * Imports a subscriber CSV: every new, valid address the export counts as
 * subscribed becomes a confirmed follower with its original date and consent
 * source; nothing is mailed. Running it again adds only addresses not there
 * yet, and never one that unsubscribed, was removed or is suppressed here.
 */
export function importFollowerCsv(text: string, options: ImportCsvOptions): ImportReport {
  const parsed = parseFollowerCsv(text);
  const followers = parsed.followers.map((follower) => {
    const unsubscribeNonce = createUnsubscribeNonce();
    return {
      email: follower.email,
      // A date in the future is a broken export, not a promise.
      subscribedAt:
        follower.subscribedAt === null ? null : Math.min(follower.subscribedAt, options.now),
      unsubscribeNonce,
      unsubscribeHash: hashToken(
        'unsubscribe',
        deriveUnsubscribeToken(options.secret, unsubscribeNonce),
      ),
    };
  });
  const outcome = options.store.importFollowers(
    followers,
    options.source,
    options.now,
    options.dryRun,
  );
  return {
    ...outcome,
    invalid: parsed.invalid,
    duplicate: parsed.duplicate,
    notSubscribed: parsed.notSubscribed,
    dryRun: options.dryRun,
  };
}
