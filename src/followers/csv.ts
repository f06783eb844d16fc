/**
 * The operator's CSV export of the follower list. Addresses come from
 * strangers: `=cmd|' /C calc'!A0@example.com` is a valid address here, and a
 * spreadsheet would run it as a formula, so such fields are defused.
 */
import type { Follower } from './store/follower.ts';

/** ISO date-time, or an empty field for none. */
export function formatCsvTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line
 * break; a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in
 * front so spreadsheets show it as text (OWASP's advice for CSV injection).
 */
export function formatCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export: a header line, then one line per follower. */
export function formatFollowersCsv(followers: readonly Follower[]): string {
  const lines = ['email,status,created_at,confirmed_at'];
  for (const follower of followers) {
    lines.push(
      [
        follower.email,
        follower.status,
        formatCsvTime(follower.createdAt),
        formatCsvTime(follower.confirmedAt),
      ]
        .map(formatCsvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
