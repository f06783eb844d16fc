/**
 * Reading the follower list another host exported: the subscriber CSV of
 * WordPress.com and Jetpack (a header row naming an e-mail column and, in
 * some exports, a subscription date), or a plain `email[,subscribed_at]`
 * file without a header. csv-parse reads the CSV; this module picks the
 * columns, checks each address as the Follow form would, and drops repeats.
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

/** What the file held. */
export interface ParsedFollowerCsv {
  /** Usable addresses, first occurrence of each. */
  readonly followers: CsvFollower[];
  /** Rows whose address is not one the service would mail. */
  readonly invalid: number;
  /** Rows repeating an address already in the file (any spelling). */
  readonly duplicate: number;
}

/** The columns of a header row, or null when the first row is data. */
function findColumns(row: readonly string[]): { email: number; date: number } | null {
  if (row.some((field) => field.includes('@'))) return null;
  const email = row.findIndex((field) => /e-?mail/i.test(field));
  if (email === -1) return null;
  const date = row.findIndex(
    (field, index) => index !== email && /subscri|date|created|since|joined|time/i.test(field),
  );
  return { email, date };
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
  const seen = new Set<string>();
  const followers: CsvFollower[] = [];
  let invalid = 0;
  let duplicate = 0;
  for (const row of data) {
    const email = normalizeEmail(row[emailColumn]);
    if (!email) {
      invalid += 1;
      continue;
    }
    const key = formatEmailKey(email);
    if (seen.has(key)) {
      duplicate += 1;
      continue;
    }
    seen.add(key);
    followers.push({
      email,
      subscribedAt: dateColumn === -1 ? null : parseSubscribedAt(row[dateColumn]),
    });
  }
  return { followers, invalid, duplicate };
}

/** The counts of an import, for the operator. */
export interface ImportReport extends ImportOutcome {
  /** Rows in the file that were not usable addresses. */
  readonly invalid: number;
  /** Rows repeating an address earlier in the file. */
  readonly duplicate: number;
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
 * Imports a subscriber CSV: every new, valid address becomes a confirmed
 * follower with its original date and consent source; nothing is mailed.
 * Running it again adds only addresses not there yet.
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
    dryRun: options.dryRun,
  };
}
