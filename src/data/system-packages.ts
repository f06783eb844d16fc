/**
 * Debian packages the test suite drives for real, and the command each one
 * provides. `scripts/check-test-tools.ts` installs what is missing.
 */

/** A Debian package the tests need. */
export interface SystemPackage {
  /** Debian package name. */
  readonly name: string;
  /** Absolute path of the program whose presence shows it is installed. */
  readonly provides: string;
  /** Which tests need it. */
  readonly neededBy: string;
}

/** Everything `npm test` needs from Debian. */
export const systemPackages = [
  { name: 'chromium', provides: '/usr/bin/chromium', neededBy: 'browser tests (playwright-core)' },
  { name: 'nginx', provides: '/usr/sbin/nginx', neededBy: 'the generated nginx config test' },
  { name: 'openssl', provides: '/usr/bin/openssl', neededBy: 'the local CA for the nginx TLS test' },
  {
    name: 'python3-dkim',
    provides: '/usr/bin/dkimverify',
    neededBy: 'the follower DKIM test (dkimpy verifies what nodemailer signed)',
  },
  {
    name: 'xsltproc',
    provides: '/usr/bin/xsltproc',
    neededBy: 'the feed stylesheet tests (libxslt, the XSLT engine Chromium uses)',
  },
  {
    name: 'python3-feedparser',
    provides: '/usr/lib/python3/dist-packages/feedparser/__init__.py',
    neededBy: 'reading the feeds as a feed reader does (test/support/feed-reader.ts)',
  },
] as const satisfies readonly SystemPackage[];
