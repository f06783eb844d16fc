/**
 * `npm run followers -- list | export | remove <email>`: the operator's view
 * of the follower database. `export` writes CSV to stdout.
 */
import { readFollowerConfig } from '../src/followers/config.ts';
import { normalizeEmail } from '../src/followers/email-address.ts';
import type { Follower } from '../src/followers/store.ts';
import { openFollowerStore } from '../src/followers/store.ts';

const usage = 'Usage: npm run followers -- list | export | remove <email>';
const [command, argument] = process.argv.slice(2);

/** ISO date-time or an empty field. */
function formatTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/** One CSV field, quoted when needed (and defused against spreadsheet formulas). */
function formatCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV export: a header line, then one line per follower. */
function formatCsv(followers: readonly Follower[]): string {
  const lines = ['email,status,created_at,confirmed_at'];
  for (const follower of followers) {
    lines.push(
      [
        follower.email,
        follower.status,
        formatTime(follower.createdAt),
        formatTime(follower.confirmedAt),
      ]
        .map(formatCsvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

if (!['list', 'export', 'remove'].includes(command ?? '') || (command === 'remove' && !argument)) {
  console.error(usage);
  process.exit(1);
}
let config;
try {
  config = readFollowerConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const store = openFollowerStore(config.dbPath);
try {
  if (command === 'list') {
    const followers = store.listFollowers();
    for (const follower of followers) {
      console.log(
        `${follower.status.padEnd(12)} ${formatTime(follower.createdAt).slice(0, 10)}  ${follower.email}`,
      );
    }
    console.log(`${store.countConfirmed()} confirmed, ${followers.length} in all.`);
  } else if (command === 'export') {
    process.stdout.write(formatCsv(store.listFollowers()));
  } else {
    const email = normalizeEmail(argument) ?? String(argument);
    if (store.removeFollower(email)) {
      console.log(`Removed ${email} and their delivery records.`);
    } else {
      console.error(`No follower ${email}. \`npm run followers -- list\` shows who there is.`);
      process.exitCode = 1;
    }
  }
} finally {
  store.close();
}
