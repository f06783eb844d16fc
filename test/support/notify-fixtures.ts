/**
 * Fixtures for end-to-end notify runs against a test SMTP server: an old and
 * a new post with the built site's `feed.json`, a database of confirmed
 * followers who already had the old post, and notify run in this process or
 * as `npm run notify`'s script.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmtpMailer } from '../../src/followers/mailer.ts';
import type { FeedPost, MailSite } from '../../src/followers/messages.ts';
import type { NotifyOptions, NotifyReport, RetryPolicy } from '../../src/followers/notify.ts';
import { notifyFollowers } from '../../src/followers/notify.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';

const root = join(import.meta.dirname, '..', '..');
const from = 'Test <followers@blog.example.com>';

/** The site the emails name, in-process and in the script alike. */
export const site: MailSite = { title: 'Test Weblog', baseUrl: 'https://blog.example.com' };

/** The service secret of every run, in-process and in the script alike. */
export const secret = 'notify-secret-notify-secret-notify-secret-0';

/** A post that every follower of {@link createFollowerDatabase} already had. */
export const oldPost: FeedPost = {
  id: 'https://blog.example.com/2012/07/01/old/',
  url: 'https://blog.example.com/2012/07/01/old/',
  title: 'Old post',
  contentHtml: '<p>Old.</p>',
  datePublished: '2012-07-01T00:00:00.000Z',
};

/** The post a run announces. */
export const newPost: FeedPost = {
  ...oldPost,
  id: oldPost.id.replace('old', 'new'),
  url: oldPost.url.replace('old', 'new'),
  title: 'New post',
};

/** Quick retries, so a run that meets temporary failures ends within the test. */
export const quickRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

/** `f00@example.com`, `f01@example.com`, …: the address of follower `i`. */
export function formatFollowerAddress(i: number): string {
  return `f${String(i).padStart(2, '0')}@example.com`;
}

/** Writes `dir/feed.json` as the build would, listing `posts` in the given order. */
export function writeFeed(dir: string, posts: readonly FeedPost[]): void {
  writeFileSync(
    join(dir, 'feed.json'),
    JSON.stringify({
      items: posts.map((post) => ({
        id: post.id,
        url: post.url,
        title: post.title,
        content_html: post.contentHtml,
        date_published: post.datePublished,
      })),
    }),
  );
}

let databases = 0;

/**
 * Creates a new database file in `dir` with `count` confirmed followers
 * ({@link formatFollowerAddress}) and the old post already announced, and
 * returns its path.
 */
export function createFollowerDatabase(dir: string, count: number): string {
  databases += 1;
  const path = join(dir, `followers-${databases}.sqlite`);
  const store = openFollowerStore(path);
  for (let i = 0; i < count; i += 1) {
    store.signUps.addPending({
      email: formatFollowerAddress(i),
      confirmHash: `c${i}`,
      confirmExpiresAt: Date.now() + 60_000,
      unsubscribeNonce: `n${i}`,
      unsubscribeHash: `u${i}`,
      now: Date.now(),
    });
    store.signUps.confirm(`c${i}`, Date.now());
  }
  store.deliveries.recordExistingPosts([oldPost], Date.now());
  store.close();
  return path;
}

/** Counts the copies each envelope recipient received. */
export function countCopies(messages: readonly { readonly to: string }[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const message of messages) copies.set(message.to, (copies.get(message.to) ?? 0) + 1);
  return copies;
}

/**
 * Runs notify in this process on its own store connection and pooled mailer
 * (three connections) against `smtpUrl`: both posts, three at a time, with
 * {@link quickRetry}; `extra` overrides any of that.
 */
export async function notifyInProcess(
  smtpUrl: string,
  dbPath: string,
  extra: Partial<NotifyOptions> = {},
): Promise<NotifyReport> {
  const store = openFollowerStore(dbPath);
  const mailer = createSmtpMailer({ url: smtpUrl, from, maxConnections: 3 });
  try {
    return await notifyFollowers({
      store: store.deliveries,
      mailer,
      posts: [newPost, oldPost],
      site,
      secret,
      concurrency: 3,
      retry: quickRetry,
      ...extra,
    });
  } finally {
    await mailer.close();
    store.close();
  }
}

/** Where a notify script reads and sends, and what it is told. */
export interface NotifyScriptOptions {
  /** The follower database. */
  readonly dbPath: string;
  /** The built site, holding `feed.json`. */
  readonly distDir: string;
  /** The SMTP server. */
  readonly smtpUrl: string;
  /** Options after `--quiet --retry-base-ms 5`. */
  readonly args?: readonly string[];
  /** 'pipe' to read what it prints, 'ignore' when only its exit counts. */
  readonly stdio?: 'pipe' | 'ignore';
}

/** Starts `npm run notify`'s script as its own process, configured through its environment. */
export function spawnNotifyScript(options: NotifyScriptOptions): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(root, 'scripts', 'notify-followers.ts'),
      '--quiet',
      '--retry-base-ms',
      '5',
      ...(options.args ?? []),
    ],
    {
      cwd: root,
      stdio: ['ignore', options.stdio ?? 'ignore', options.stdio ?? 'ignore'],
      env: {
        ...process.env,
        FOLLOWERS_DB: options.dbPath,
        FOLLOWERS_SECRET: secret,
        DIST_DIR: options.distDir,
        SMTP_URL: options.smtpUrl,
        PUBLIC_URL: site.baseUrl,
        FOLLOW_FROM: from,
      },
    },
  );
}
