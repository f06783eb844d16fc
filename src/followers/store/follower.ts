/**
 * A follower as every store returns it, and the few facts about the
 * `followers` table more than one store needs: its columns, the key an
 * address is unique by, how confirmed followers are counted, and the key an
 * opt-out is kept under.
 */
import { createHash } from 'node:crypto';

/** Where a follower stands. */
export type FollowerStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** How often a follower gets mail: each post as it is announced, or a daily or weekly digest. */
export type DeliveryMode = 'instant' | 'daily' | 'weekly';

/** Every delivery mode, in the order the pages offer them. */
export const deliveryModes = [
  'instant',
  'daily',
  'weekly',
] as const satisfies readonly DeliveryMode[];

/** What a follower chose. */
export interface FollowerPreferences {
  /** How often. */
  readonly delivery: DeliveryMode;
  /** Only posts in these categories (lower-cased); null means every post. */
  readonly categories: readonly string[] | null;
}

/** One row of `followers`, as the service uses it. */
export interface Follower {
  /** Row id; the ledger refers to it. */
  readonly id: number;
  /** The address as first typed (domain lower-cased); mail goes here. Unique regardless of case. */
  readonly email: string;
  /** Where the sign-up stands. */
  readonly status: FollowerStatus;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** When the address confirmed, if it did. */
  readonly confirmedAt: number | null;
  /** Random value the unsubscribe token is derived from (with the secret). */
  readonly unsubscribeNonce: string;
  /** How often they get mail. */
  readonly delivery: DeliveryMode;
  /** Only posts in these categories (lower-cased); null means every post. */
  readonly categories: readonly string[] | null;
}

/** A `followers` row as SQLite returns the columns in {@link followerColumns}. */
export interface FollowerRow {
  /** `id`. */
  id: number;
  /** `email`. */
  email: string;
  /** `status`. */
  status: FollowerStatus;
  /** `created_at`. */
  created_at: number;
  /** `confirmed_at`. */
  confirmed_at: number | null;
  /** `unsubscribe_nonce`. */
  unsubscribe_nonce: string;
  /** `delivery`. */
  delivery: DeliveryMode;
  /** `categories`: a JSON array, or NULL for every post. */
  categories: string | null;
}

/** The columns a {@link FollowerRow} is read from. */
export const followerColumns =
  'id, email, status, created_at, confirmed_at, unsubscribe_nonce, delivery, categories';

/**
 * SQL condition true for a `followers` row that is mailed: confirmed and not
 * suppressed after bounces or a complaint (suppressions are kept by address
 * key, so they outlive a removed row and hold against a re-import).
 */
export const isMailedSql = `status = 'confirmed'
  AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = followers.email_key)`;

/**
 * How many followers are mailed: the app's count route and the site's footer
 * ("Join N other followers") ask the same. Imported followers count; suppressed ones do not.
 */
export const countConfirmedSql = `SELECT count(*) AS n FROM followers WHERE ${isMailedSql}`;

/** The key an address is unique by: lower-cased (addresses are ASCII here). */
export function formatEmailKey(email: string): string {
  return email.toLowerCase();
}

/**
 * The key an opt-out (`opt_outs`) is kept under: SHA-256 of the address key,
 * hex. Enough to recognise the address when an import names it again, without
 * keeping the address of someone who asked to be removed.
 */
export function formatOptOutKey(email: string): string {
  return createHash('sha256')
    .update(`opt-out\0${formatEmailKey(email)}`)
    .digest('hex');
}

/** Records an opt-out (kept if one is there already). */
export const insertOptOutSql = `INSERT OR IGNORE INTO opt_outs (key_hash, reason, opted_out_at)
  VALUES (?, ?, ?)`;

/** Turns a database row into a `Follower`. */
export function mapFollowerRow(row: FollowerRow): Follower {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribeNonce: row.unsubscribe_nonce,
    delivery: row.delivery,
    categories: row.categories === null ? null : (JSON.parse(row.categories) as string[]),
  };
}

/**
 * Categories as stored: lower-cased, trimmed, unique, sorted, as JSON; null
 * (every post) for none, so "no box ticked" never means "nothing at all".
 */
export function formatCategoriesJson(categories: readonly string[] | null): string | null {
  if (categories === null) return null;
  const names = [...new Set(categories.map((name) => name.trim().toLowerCase()))]
    .filter((name) => name !== '')
    .sort();
  return names.length === 0 ? null : JSON.stringify(names);
}
