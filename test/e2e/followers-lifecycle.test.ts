/**
 * Issue 11 end to end, against a real SMTP server and a real SQLite file:
 * import a WordPress.com CSV with `npm run followers -- import` (and a Ghost
 * export whose members opted out), mail the next post once, a daily digest of
 * two posts, a category follower, a preference changed through the page,
 * bounce and complaint reports delivered to the listener (tagged with the
 * follower's VERP return path, a forged untagged one, and a malformed one),
 * one-click unsubscribe then `remove` then a re-import that leaves them out,
 * and a DKIM signature checked by dkimpy (Debian python3-dkim) against the
 * record `followers -- dns` prints.
 */
import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { site as siteConfig } from '../../src/site.ts';
import { readFollowerConfig } from '../../src/followers/config.ts';
import { findDigestSlots } from '../../src/followers/digest-schedule.ts';
import { createSmtpMailer } from '../../src/followers/mailer.ts';
import type { FeedPost } from '../../src/followers/messages.ts';
import { notifyFollowers } from '../../src/followers/notify.ts';
import type { RunningFollowerServer } from '../../src/followers/server.ts';
import { startFollowerServer } from '../../src/followers/server.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { createVerpTag, formatVerpAddress } from '../../src/followers/tokens.ts';
import { findFreePort } from '../../scripts/lib/free-port.ts';
import { makeArf, makeDsn, malformedReports } from '../support/bounce-reports.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const secret = 'life-secret-life-secret-life-secret-life-0';
const site = { title: 'Test Weblog', baseUrl: '' };
const hour = 60 * 60 * 1000;
// The service runs on the real clock (it stamps preference changes), so the
// runs here are placed around the site's daily digest time one to two days ahead.
const digestTime = findDigestSlots(Date.now() + 48 * hour, siteConfig.digest).daily;

let workDir: string;
let sink: SmtpSink;
let server: RunningFollowerServer;
let bouncePort: number;
let env: NodeJS.ProcessEnv;

/** A post in `categories`. */
function makePost(n: number, categories: string[]): FeedPost {
  const url = `https://blog.example.com/2012/07/${n}/`;
  return {
    id: url,
    url,
    title: `Post ${n}`,
    contentHtml: `<p>Body of post ${n}.</p>`,
    datePublished: '2012-07-16T00:00:00.000Z',
    categories,
  };
}

/** `npm run followers -- …` with the test environment. */
async function runFollowers(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, [join(root, 'scripts', 'manage-followers.ts'), ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
  });
}

/** notify in this process against the sink, at `now`. */
async function notifyAt(now: number, posts: FeedPost[]) {
  const store = openFollowerStore(env.FOLLOWERS_DB as string);
  const mailer = createSmtpMailer({ url: sink.url, from: 'Test <followers@blog.example.com>' });
  try {
    return await notifyFollowers({
      store: store.deliveries,
      mailer,
      posts,
      site,
      secret,
      now: () => now,
      bounceAddress: 'bounces@blog.example.com',
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
  } finally {
    await mailer.close();
    store.close();
  }
}

/** The messages the sink holds for `to`, as [subject] in order. */
async function readSubjects(to: string): Promise<string[]> {
  const subjects: string[] = [];
  for (let i = 0; i < sink.messages.length; i += 1) {
    if (sink.messages[i]?.to !== to) continue;
    subjects.push((await sink.parse(i)).subject ?? '');
  }
  return subjects;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'followers-life-'));
  sink = await startSmtpSink();
  const port = await findFreePort();
  bouncePort = await findFreePort();
  site.baseUrl = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: site.baseUrl,
    FOLLOWERS_DB: join(workDir, 'followers.sqlite'),
    FOLLOWERS_SECRET: secret,
    SMTP_URL: sink.url,
    FOLLOW_FROM: 'Test Weblog <followers@blog.example.com>',
    BOUNCE_PORT: String(bouncePort),
    DIST_DIR: workDir,
  };
  writeFileSync(
    join(workDir, 'subscribers.csv'),
    [
      'email_address,subscription_date',
      'news@example.com,2010-03-04 10:00:00',
      'daily@example.com,2011-01-01 00:00:00',
      'status@example.com,2011-02-02 00:00:00',
      'gone@example.com,2011-02-02 00:00:00',
      'NEWS@example.com,2012-01-01 00:00:00',
      'not-an-address,2012-01-01 00:00:00',
    ].join('\n'),
  );
  // The deployed feed: the service offers its categories (tags) on the pages.
  writeFileSync(
    join(workDir, 'feed.json'),
    JSON.stringify({
      items: [makePost(2, ['Status']), makePost(1, ['News'])].map((post) => ({
        id: post.id,
        url: post.url,
        title: post.title,
        content_html: post.contentHtml,
        date_published: post.datePublished,
        tags: post.categories,
      })),
    }),
  );
  server = await startFollowerServer(readFollowerConfig(env));
});

afterAll(async () => {
  await server?.close();
  await sink?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('imported followers, digests, categories, preferences, bounces', () => {
  test('the import adds confirmed followers, mails nobody, and adds nothing the second time', async () => {
    const dry = await runFollowers(['import', join(workDir, 'subscribers.csv'), '--dry-run']);
    expect(dry.stdout).toContain('Dry run: would import 4 followers');
    const first = await runFollowers(['import', join(workDir, 'subscribers.csv')]);
    expect(first.stdout).toContain(
      'Imported 4 followers (consent: WordPress.com); nobody was mailed.',
    );
    expect(first.stdout).toContain('1 repeated in the file, 1 invalid');
    const again = await runFollowers(['import', join(workDir, 'subscribers.csv')]);
    expect(again.stdout).toContain('Imported 0 followers');
    expect(again.stdout).toContain('4 already here');
    expect(await (await fetch(`${site.baseUrl}/followers/count`)).json()).toEqual({ count: 4 });
    expect(sink.messages).toHaveLength(0);
  });

  test('a Ghost export: members who opted out of email or were deleted are skipped, with the reason', async () => {
    writeFileSync(
      join(workDir, 'ghost-members.csv'),
      [
        'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers',
        'm1,comped@example.com,,,false,true,,2021-01-15T10:00:00.000Z,,,',
        'm2,deleted@example.com,,,true,false,,2021-02-15T10:00:00.000Z,2022-01-01T00:00:00.000Z,,',
      ].join('\n'),
    );
    const { stdout } = await runFollowers([
      'import',
      join(workDir, 'ghost-members.csv'),
      '--source',
      'Ghost',
    ]);
    expect(stdout).toContain('Imported 0 followers (consent: Ghost)');
    expect(stdout).toContain('2 not subscribed in the export');
    expect(stdout).toContain(
      'not subscribed in the export: 1 not subscribed to emails (Ghost subscribed_to_emails)',
    );
    expect(stdout).toContain('not subscribed in the export: 1 deleted (Ghost deleted_at)');
    expect(await (await fetch(`${site.baseUrl}/followers/count`)).json()).toEqual({ count: 4 });
  });

  test('preferences set through the page: daily digest for one, a category for another', async () => {
    const store = openFollowerStore(env.FOLLOWERS_DB as string);
    await notifyAt(Date.now(), [makePost(0, ['News'])]);
    // The first post email of each carries their manage link; ask for one by address instead.
    const byEmail = new Map(store.operator.listFollowers().map((f) => [f.email, f]));
    store.close();
    for (const email of ['daily@example.com', 'status@example.com']) {
      const asked = await fetch(`${site.baseUrl}/followers/preferences`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email }).toString(),
      });
      expect(asked.status).toBe(200);
    }
    await sink.waitForMessages(2);
    for (const [to, choice] of [
      ['daily@example.com', { delivery: 'daily' }],
      ['status@example.com', { delivery: 'instant', category: 'status' }],
    ] as const) {
      const mail = await sink.parse(sink.messages.findIndex((m) => m.to === to));
      const link = /(http:\/\/\S+\/followers\/preferences\?token=[\w.-]+)/.exec(
        mail.text ?? '',
      )?.[1];
      const page = await fetch(link as string);
      expect(page.status).toBe(200);
      const saved = await fetch(link as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(choice).toString(),
      });
      expect(await saved.text()).toContain('Saved.');
    }
    expect(byEmail.size).toBe(4);
    sink.reset();
  });

  test('each follower gets the next posts once, by their choice', async () => {
    const posts = [makePost(2, ['Status']), makePost(1, ['News'])];
    // The site's settings: digests at 07:00 UTC. Before that, only instant followers are mailed.
    const early = await notifyAt(digestTime - 3 * hour, posts);
    expect(early.sent).toBe(5);
    const rerun = await notifyAt(digestTime - 2 * hour, posts);
    expect(rerun.total).toBe(0);
    // After 07:00 the daily digest goes out, once.
    const due = await notifyAt(digestTime + 2 * hour, posts);
    expect([due.sent, due.digests]).toEqual([1, 1]);
    expect((await notifyAt(digestTime + 3 * hour, posts)).total).toBe(0);
    expect(await readSubjects('news@example.com')).toEqual(['Post 1', 'Post 2']);
    expect(await readSubjects('gone@example.com')).toEqual(['Post 1', 'Post 2']);
    expect(await readSubjects('status@example.com')).toEqual(['Post 2']);
    expect(await readSubjects('daily@example.com')).toEqual([
      'Daily digest: 2 new posts on Test Weblog',
    ]);
    const digest = await sink.parse(sink.messages.findIndex((m) => m.to === 'daily@example.com'));
    expect(digest.text).toContain('Post 1');
    expect(digest.text).toContain('Post 2');
    const header = (key: string) => digest.headerLines.find((l) => l.key === key)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(header('list-unsubscribe')).toContain('/followers/unsubscribe?token=');
    // The envelope sender is the follower's own VERP address, the From header the service's.
    const envelope = sink.messages.find((m) => m.to === 'daily@example.com')?.from ?? '';
    expect(envelope).toMatch(/^bounces\+\d+-[0-9a-f]{16}@blog\.example\.com$/);
    expect(digest.from?.value[0]?.address).toBe('followers@blog.example.com');
  });

  test('reports delivered to the listener suppress the right followers; forged and malformed ones nobody', async () => {
    const store = openFollowerStore(env.FOLLOWERS_DB as string);
    const gone = store.operator.listFollowers().find((f) => f.email === 'gone@example.com');
    store.close();
    // Each follower's return path, as the post emails carried it.
    const returnPath = (to: string) => sink.messages.find((m) => m.to === to)?.from ?? '';
    expect(returnPath('gone@example.com')).toMatch(/^bounces\+\d+-[0-9a-f]{16}@/);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: bouncePort,
      ignoreTLS: true,
    });
    const deliver = (raw: string, to = 'bounces@blog.example.com') =>
      transport.sendMail({ envelope: { from: 'MAILER-DAEMON@mx.example.net', to }, raw });
    // "No such user": one is enough.
    const gonePath = returnPath('gone@example.com');
    await deliver(
      makeDsn({ recipient: 'gone@example.com', returnPath: gonePath, id: 'dsn-1@mx' }),
      gonePath,
    );
    const statusPath = returnPath('status@example.com');
    await deliver(
      makeArf({ recipient: 'status@example.com', returnPath: statusPath, id: 'arf-1@fbl' }),
    );
    // Anyone can mail bounces@: a complaint naming a follower, without our tag, is only logged.
    await deliver(makeArf({ recipient: 'news@example.com', id: 'forged-1@evil.example' }));
    await deliver(malformedReports['a DSN whose status block is cut off']);
    await deliver(malformedReports['an out-of-office reply']);
    transport.close();
    const { stdout } = await runFollowers(['list', '--suppressed']);
    expect(stdout).toContain('gone@example.com  (hard bounce 5.1.1)');
    expect(stdout).toContain('status@example.com  (complaint (abuse))');
    expect(stdout).toContain('2 suppressed.');
    expect(gone?.status).toBe('confirmed');
    expect(await (await fetch(`${site.baseUrl}/followers/count`)).json()).toEqual({ count: 2 });
    // Suppressed followers get nothing more.
    sink.reset();
    const next = await notifyAt(digestTime + 4 * hour, [
      makePost(3, ['Status']),
      makePost(2, ['Status']),
      makePost(1, ['News']),
    ]);
    expect(next.sent).toBe(1);
    expect(sink.messages.map((m) => m.to)).toEqual(['news@example.com']);
  });

  test('the bounces command reads an mbox the same way, listing untagged reports and counting malformed ones', async () => {
    const store = openFollowerStore(env.FOLLOWERS_DB as string);
    const news = store.operator.listFollowers().find((f) => f.email === 'news@example.com');
    store.close();
    const newsPath = formatVerpAddress(
      'bounces@blog.example.com',
      createVerpTag(secret, news?.id ?? 0, news?.unsubscribeNonce ?? ''),
    );
    const mbox = [
      makeDsn(
        { recipient: 'news@example.com', returnPath: newsPath, id: 'mbox-1@mx' },
        '4.2.2',
        'delayed',
      ),
      makeArf({ recipient: 'news@example.com', id: 'mbox-2@evil.example' }),
      'Subject: hello\n\nnot a report\n',
    ]
      .map(
        (message) =>
          `From MAILER-DAEMON Mon Jul 16 10:00:00 2012\n${message.replace(/\r\n/g, '\n')}\n`,
      )
      .join('');
    writeFileSync(join(workDir, 'bounces.mbox'), mbox);
    const { stdout } = await runFollowers(['bounces', join(workDir, 'bounces.mbox')]);
    expect(stdout).toContain(
      'Not acted on (no verified VERP tag): complaint (abuse) for news@example.com',
    );
    expect(stdout).toContain(
      '1 reports recorded, 1 without a verified VERP tag (recorded, nobody suppressed), 0 seen before, 1 malformed; 0 addresses suppressed.',
    );
    expect(await (await fetch(`${site.baseUrl}/followers/count`)).json()).toEqual({ count: 2 });
  });

  test('one-click unsubscribe, then `remove`, then a re-import of the old list: they stay out', async () => {
    // The newest post email went to news@ alone; its List-Unsubscribe, as a mail provider reads it.
    const index = sink.messages.findIndex((m) => m.to === 'news@example.com');
    const mail = await sink.parse(index);
    const header = mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
    const url = /<([^>]+)>/.exec(header.replace(/\r?\n[ \t]+/g, ''))?.[1] ?? '';
    const unsubscribed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(unsubscribed.status).toBe(200);
    const removed = await runFollowers(['remove', 'news@example.com']);
    expect(removed.stdout).toContain('an import will not add them back');
    const again = await runFollowers(['import', join(workDir, 'subscribers.csv')]);
    expect(again.stdout).toContain('Imported 0 followers');
    expect(again.stdout).toContain('1 unsubscribed or removed before, 2 suppressed.');
    expect(await (await fetch(`${site.baseUrl}/followers/count`)).json()).toEqual({ count: 1 });
  });
});

describe('DKIM', () => {
  test('a signed post email verifies with dkimpy against the record `followers -- dns` prints', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(workDir, 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const dkimEnv = {
      DKIM_DOMAIN: 'blog.example.com',
      DKIM_SELECTOR: 'weblog',
      DKIM_PRIVATE_KEY_FILE: keyFile,
    };
    const { stdout } = await runFollowers(['dns'], dkimEnv);
    expect(stdout).toContain('blog.example.com. IN TXT "v=spf1 mx a include:127.0.0.1 ~all"');
    expect(stdout).toContain('_dmarc.blog.example.com. IN TXT "v=DMARC1; p=none;');
    const line = stdout
      .split('\n')
      .find((l) => l.startsWith('weblog._domainkey.blog.example.com.'));
    // The TXT value as a resolver hands it over: the quoted strings joined.
    const record = [...(line ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
    expect(record).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+$/);
    writeFileSync(join(workDir, 'dkim.txt'), record);

    sink.reset();
    const config = readFollowerConfig({ ...env, ...dkimEnv });
    const mailer = createSmtpMailer({ url: sink.url, from: config.from, dkim: config.dkim });
    await mailer.send({
      to: 'reader@example.com',
      subject: 'Signed',
      text: 'A signed post.',
      html: '<p>A signed post.</p>',
      messageId: '<signed@blog.example.com>',
      headers: { 'List-Unsubscribe': '<https://blog.example.com/u>' },
    });
    await mailer.close();
    const raw = sink.messages[0]?.raw ?? Buffer.alloc(0);
    const verify = (message: Buffer) =>
      spawnSync(
        '/usr/bin/python3',
        [
          '-c',
          `import sys, dkim
record = open(sys.argv[1], 'rb').read()
def lookup(name, timeout=5):
    return record if name.startswith(b'weblog._domainkey.blog.example.com') else None
print(dkim.verify(sys.stdin.buffer.read(), dnsfunc=lookup))`,
          join(workDir, 'dkim.txt'),
        ],
        { input: message, encoding: 'utf8' },
      ).stdout.trim();
    expect(raw.toString()).toContain('DKIM-Signature: v=1; a=rsa-sha256;');
    expect(verify(raw)).toBe('True');
    // The check can fail: a changed body does not verify.
    expect(verify(Buffer.from(raw.toString().replace('A signed post.', 'A forged post.')))).toBe(
      'False',
    );
  });
});
