/**
 * First step of `npm test`: makes sure the Debian programs the tests drive for
 * real are installed. As root it installs what is missing with apt-get;
 * otherwise it stops and says what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemPackages } from '../src/data/system-packages.ts';

const missing = systemPackages.filter((pkg) => !existsSync(pkg.provides));
if (missing.length > 0) {
  const names = missing.map((pkg) => pkg.name);
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${names.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need these Debian packages: ${names.join(', ')}.`);
    for (const pkg of missing) console.error(`  ${pkg.name}: ${pkg.neededBy}`);
    console.error(`Install them as root:\n  ${command}`);
    process.exit(1);
  }
  console.log(`Installing Debian packages the tests need: ${names.join(', ')}`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const stillMissing = systemPackages.filter((pkg) => !existsSync(pkg.provides));
  if (result.status !== 0 || stillMissing.length > 0) {
    console.error(
      `Could not install: ${stillMissing.map((pkg) => pkg.name).join(', ') || names.join(', ')}`,
    );
    process.exit(1);
  }
}
