/**
 * A follower as every store returns it, and the few facts about the
 * `followers` table more than one store needs: its columns, the key an
 * address is unique by, and how confirmed followers are counted.
 */

/** Where a follower stands. */
export type FollowerStatus = 'pending' | 'confirmed' | 'unsubscribed';

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
}

/** The columns a {@link FollowerRow} is read from. */
export const followerColumns = 'id, email, status, created_at, confirmed_at, unsubscribe_nonce';

/** How many followers are confirmed: the app's count route and the site's footer ask the same. */
export const countConfirmedSql = `SELECT count(*) AS n FROM followers WHERE status = 'confirmed'`;

/** The key an address is unique by: lower-cased (addresses are ASCII here). */
export function formatEmailKey(email: string): string {
  return email.toLowerCase();
}

/** Turns a database row into a `Follower`. */
export function mapFollowerRow(row: FollowerRow): Follower {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribeNonce: row.unsubscribe_nonce,
  };
}
