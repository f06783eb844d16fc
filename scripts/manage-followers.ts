/**
 * `npm run followers -- list | export | remove <email>`: the operator's view
 * of the follower database. `export` writes CSV to stdout.
 */
import { readFollowerConfig } from '../src/followers/config.ts';
import { formatCsvTime, formatFollowersCsv } from '../src/followers/csv.ts';
import { normalizeEmail } from '../src/followers/email-address.ts';
import { openConfiguredStore } from '../src/followers/wiring.ts';

const usage = 'Usage: npm run followers -- list | export | remove <email>';
const [command, argument] = process.argv.slice(2);

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
const store = openConfiguredStore(config);
const { operator } = store;
try {
  if (command === 'list') {
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
  } else {
    const email = normalizeEmail(argument) ?? String(argument);
    if (operator.removeFollower(email)) {
      console.log(`Removed ${email} and their delivery records.`);
    } else {
      console.error(`No follower ${email}. \`npm run followers -- list\` shows who there is.`);
      process.exitCode = 1;
    }
  }
} finally {
  store.close();
}
