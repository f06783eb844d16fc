/**
 * `npm run followers -- <command>`: the operator's view of the follower database.
 *
 * - `list [--suppressed]`: everyone (or the suppressed addresses, with why);
 * - `export`: CSV on stdout;
 * - `remove <email>` (an import will not add them back);
 * - `import FILE.csv [--source NAME] [--dry-run]`: followers exported from
 *   WordPress.com, Jetpack, Ghost, Mailchimp or Substack (or
 *   `email[,subscribed_at]`), added as confirmed; rows the export marks as
 *   not subscribed are skipped and counted with the reason;
 * - `bounces PATH`: processes the bounce and complaint reports of a Maildir
 *   (or folder of files) or mbox file; reports without a verified VERP tag
 *   are listed and suppress nobody;
 * - `dns`: the SPF, DKIM and DMARC records the sending domain needs.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReportClaims, processBounceReport } from '../src/followers/bounces.ts';
import { readFollowerConfig } from '../src/followers/config.ts';
import { formatCsvTime, formatFollowersCsv } from '../src/followers/csv.ts';
import { formatDnsRecords, formatDnsZone } from '../src/followers/dns-records.ts';
import { normalizeEmail } from '../src/followers/email-address.ts';
import { importFollowerCsv } from '../src/followers/import-csv.ts';
import { readMailbox } from '../src/followers/mailbox.ts';
import { describeMissingSecret } from '../src/followers/secret.ts';
import { openConfiguredStore } from '../src/followers/wiring.ts';

const usage = `Usage: npm run followers -- list [--suppressed] | export | remove <email>
       | import FILE.csv [--source NAME] [--dry-run] | bounces MAILDIR-OR-MBOX | dns`;

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      suppressed: { type: 'boolean', default: false },
      source: { type: 'string', default: 'WordPress.com' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(1);
}
const [command, argument] = parsed.positionals;
const needsArgument = ['remove', 'import', 'bounces'];
if (
  !['list', 'export', ...needsArgument, 'dns'].includes(command ?? '') ||
  (needsArgument.includes(command ?? '') && !argument)
) {
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

if (command === 'dns') {
  const fromAddress = /<([^<>]+)>$/.exec(config.from)?.[1] ?? config.from;
  const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);
  console.log(
    formatDnsZone(
      formatDnsRecords({
        fromDomain: domainOf(fromAddress),
        envelopeDomain: domainOf(config.bounceAddress ?? fromAddress),
        relayHost: config.smtpUrl ? new URL(config.smtpUrl).hostname : null,
        dkim: config.dkim,
      }),
    ),
  );
  if (!config.dkim) {
    console.log(
      '\n; No DKIM record: set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE to sign mail.',
    );
  }
  process.exit(0);
}

const store = openConfiguredStore(config);
const { operator } = store;
try {
  if (command === 'list' && parsed.values.suppressed) {
    const suppressed = operator.listSuppressed();
    for (const entry of suppressed) {
      console.log(
        `${formatCsvTime(entry.suppressedAt).slice(0, 10)}  ${entry.email}  (${entry.reason})`,
      );
    }
    console.log(`${suppressed.length} suppressed.`);
  } else if (command === 'list') {
    const followers = operator.listFollowers();
    for (const follower of followers) {
      console.log(
        `${follower.status.padEnd(12)} ${formatCsvTime(follower.createdAt).slice(0, 10)}  ${follower.email}`,
      );
    }
    const confirmed = followers.filter((follower) => follower.status === 'confirmed').length;
    console.log(`${confirmed} confirmed, ${followers.length} in all.`);
  } else if (command === 'export') {
    process.stdout.write(formatFollowersCsv(operator.listFollowers()));
  } else if (command === 'import') {
    if (config.secret === null) {
      // Imported followers' unsubscribe links are derived from the secret.
      console.error(describeMissingSecret(config.secretFile));
      process.exitCode = 1;
    } else {
      const report = importFollowerCsv(readFileSync(argument as string, 'utf8'), {
        store: store.imports,
        secret: config.secret,
        source: parsed.values.source,
        dryRun: parsed.values['dry-run'],
        now: Date.now(),
      });
      const notSubscribed = report.notSubscribed.reduce((sum, entry) => sum + entry.count, 0);
      console.log(
        `${report.dryRun ? 'Dry run: would import' : 'Imported'} ${report.imported} followers (consent: ${parsed.values.source}); nobody was mailed.\n` +
          `Skipped: ${report.alreadyFollowing} already here, ${report.duplicate} repeated in the file, ` +
          `${report.invalid} invalid, ${notSubscribed} not subscribed in the export, ` +
          `${report.unsubscribed} unsubscribed or removed before, ${report.suppressed} suppressed.`,
      );
      for (const { reason, count } of report.notSubscribed) {
        console.log(`  not subscribed in the export: ${count} ${reason}`);
      }
    }
  } else if (command === 'bounces') {
    const counts = { recorded: 0, unverified: 0, duplicate: 0, malformed: 0 };
    const suppressed: string[] = [];
    for (const raw of readMailbox(argument as string)) {
      const result = await processBounceReport(raw, {
        store: store.bounces,
        secret: config.secret,
        now: Date.now(),
      });
      counts[result.outcome] += 1;
      suppressed.push(...result.suppressed);
      if (result.problem) console.error(`Malformed report ignored: ${result.problem}`);
      if (result.claims) {
        console.log(`Not acted on (no verified VERP tag): ${formatReportClaims(result.claims)}`);
      }
    }
    for (const email of suppressed) console.log(`Suppressed: ${email}`);
    console.log(
      `${counts.recorded} reports recorded, ${counts.unverified} without a verified VERP tag (recorded, nobody suppressed), ` +
        `${counts.duplicate} seen before, ${counts.malformed} malformed; ${suppressed.length} addresses suppressed.`,
    );
  } else {
    const email = normalizeEmail(argument) ?? String(argument);
    if (operator.removeFollower(email)) {
      console.log(
        `Removed ${email} and their delivery records; an import will not add them back (signing up again themselves will).`,
      );
    } else {
      console.error(`No follower ${email}. \`npm run followers -- list\` shows who there is.`);
      process.exitCode = 1;
    }
  }
} finally {
  store.close();
}
