/**
 * The old blog's media moved into the project: every uploads URL in imported
 * content (`/wp-content/uploads/…`, WordPress.com's `*.files.wordpress.com/…`)
 * and every attachment is copied into the project, first from
 * `--media-dir` (no network), then, unless downloads are off, over HTTP from
 * the old site's own media hosts only (timeout, size cap, retries, a few at a
 * time; a redirect to another host is refused). Resized variants
 * (`photo-300x200.jpg`, `?w=1024`) are the original, fetched once. A file
 * already in the project is never fetched again. The pure parts (which URL is
 * which file) are exported for tests; I/O is at the edges.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  IMAGE_DIR,
  MEDIA_DIR,
  MEDIA_URL_PREFIX,
  OPTIMIZED_IMAGE_FILE,
} from '../../data/imported-media.ts';

/** The project folder a file goes to: `IMAGE_DIR` for images the pipeline optimises, else `MEDIA_DIR`. */
export function selectMediaDir(file: string): string {
  return OPTIMIZED_IMAGE_FILE.test(file) ? IMAGE_DIR : MEDIA_DIR;
}

/** How media are fetched. */
export interface MediaOptions {
  /** The unpacked uploads folder (or WordPress.com's media export), read first. */
  readonly mediaDir?: string | undefined;
  /** Download what the folder lacks from the old site (`--no-download` turns it off). */
  readonly download: boolean;
  /** Per request, in milliseconds. */
  readonly timeoutMs?: number;
  /** Largest file accepted, in bytes. */
  readonly maxBytes?: number;
  /** Attempts after the first, for network errors, timeouts and 5xx answers. */
  readonly retries?: number;
  /** Downloads at once. */
  readonly concurrency?: number;
}

/** One uploads URL read: the file it names and whether this import may fetch it. */
export interface MediaReference {
  /** Path below the uploads folder, `2012/05/photo.jpg` (resized suffix and query removed). */
  readonly file: string;
  /** The original file's URL (no resized suffix, no query). */
  readonly originalUrl: string;
  /** True when the host is the old site's own (or its WordPress.com media host). */
  readonly own: boolean;
}

/** Why a file is not in the project. */
export interface MissingMedia {
  readonly file: string;
  readonly url: string;
  readonly reason: string;
}

/** What the media step did. */
export interface MediaResult {
  /** Files now in the project, by uploads path (copied, downloaded or there before). */
  readonly present: ReadonlySet<string>;
  readonly fromDir: number;
  readonly downloaded: number;
  readonly alreadyThere: number;
  readonly missing: readonly MissingMedia[];
  /** Media URLs on other hosts: reported, never fetched. */
  readonly foreign: readonly string[];
}

/** URLs in text (HTML attributes or Markdown), up to a quote, bracket, space or `<`. */
const URL_PATTERN = /https?:\/\/[^\s"'<>()[\]\\]+/g;

/** The uploads part of a path: `/wp-content/uploads/…` anywhere, or the whole path on `*.files.wordpress.com`. */
function readUploadsPath(url: URL): string | undefined {
  const path = decodeURIComponent(url.pathname);
  const marker = path.indexOf('/wp-content/uploads/');
  if (marker >= 0) return path.slice(marker + '/wp-content/uploads/'.length);
  if (/\.files\.wordpress\.com$/i.test(url.hostname)) return path.replace(/^\/+/, '');
  return undefined;
}

/**
 * True for one of the old blog's own hosts: one of `ownHosts`, or
 * `<name>.files.wordpress.com` when `<name>.wordpress.com` is one of them.
 */
export function isOwnMediaHost(host: string, ownHosts: ReadonlySet<string>): boolean {
  const lower = host.toLowerCase();
  const wpcomName = /^([^.]+)\.files\.wordpress\.com$/.exec(lower)?.[1];
  return (
    ownHosts.has(lower) || (wpcomName !== undefined && ownHosts.has(`${wpcomName}.wordpress.com`))
  );
}

/**
 * Reads one URL as an uploads file, or undefined when it is none. `ownHosts`
 * are the old blog's host names; `*.files.wordpress.com` counts as own when
 * its first label is the blog's WordPress.com name.
 */
export function readMediaReference(
  href: string,
  ownHosts: ReadonlySet<string>,
): MediaReference | undefined {
  let url: URL;
  try {
    url = new URL(href.replaceAll('&amp;', '&'));
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  let uploads: string;
  let decodedPath: string;
  try {
    const read = readUploadsPath(url);
    if (read === undefined) return undefined;
    uploads = read;
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  // photo-300x200.jpg is WordPress's resized copy of photo.jpg.
  const file = uploads.replace(/-\d+x\d+(\.[A-Za-z0-9]+)$/, '$1');
  if (file === '' || file.endsWith('/') || file.split('/').some((part) => part === '..'))
    return undefined;
  const own = isOwnMediaHost(url.hostname, ownHosts);
  const base = decodedPath.slice(0, decodedPath.length - uploads.length);
  return { file, originalUrl: `${url.origin}${encodeURI(`${base}${file}`)}`, own };
}

/** Every uploads URL in a text, as written (so it can be replaced). */
export function findMediaUrls(text: string, ownHosts: ReadonlySet<string>): string[] {
  return [...new Set(text.match(URL_PATTERN) ?? [])].filter(
    (href) => readMediaReference(href, ownHosts) !== undefined,
  );
}

/** The site path a file is served at. */
export function formatMediaPath(file: string): string {
  return `${MEDIA_URL_PREFIX}${encodeURI(file)}`;
}

/**
 * Replaces every uploads URL of the old blog's own hosts whose file is present
 * with its site path; the others stay as written. Another blog's
 * `…/wp-content/uploads/2012/05/image.jpg` is never this blog's file of the
 * same name.
 */
export function rewriteMediaUrls(
  text: string,
  ownHosts: ReadonlySet<string>,
  present: ReadonlySet<string>,
): string {
  return text.replace(URL_PATTERN, (href) => {
    const reference = readMediaReference(href, ownHosts);
    return reference?.own && present.has(reference.file) ? formatMediaPath(reference.file) : href;
  });
}

/** An answer the download gave up on, with the reason for the report. */
class FetchFailure extends Error {
  override name = 'FetchFailure';
  /** True when another attempt may succeed (network error, timeout, 5xx). */
  readonly retry: boolean;
  constructor(message: string, retry: boolean) {
    super(message);
    this.retry = retry;
  }
}

/** Reads a body up to `maxBytes`; throws when it is larger. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new FetchFailure(`larger than ${maxBytes} bytes`, false);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new FetchFailure(`larger than ${maxBytes} bytes`, false);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** One download, following redirects on own hosts only. */
async function fetchOnce(
  start: string,
  ownHosts: ReadonlySet<string>,
  options: Required<Omit<MediaOptions, 'mediaDir' | 'download'>>,
): Promise<Buffer> {
  let url = start;
  for (let hop = 0; hop < 5; hop += 1) {
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new FetchFailure(
        timedOut ? `no answer within ${options.timeoutMs} ms` : (error as Error).message,
        true,
      );
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      const next = location ? new URL(location, url) : undefined;
      const sameSite = next !== undefined && readMediaReference(next.href, ownHosts)?.own === true;
      if (!next || !sameSite) {
        throw new FetchFailure(`redirects to another host (${next?.host ?? 'nowhere'})`, false);
      }
      url = next.href;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchFailure(`HTTP ${response.status}`, response.status >= 500);
    }
    try {
      return await readCapped(response, options.maxBytes);
    } catch (error) {
      if (error instanceof FetchFailure) throw error;
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new FetchFailure(
        timedOut ? `no answer within ${options.timeoutMs} ms` : (error as Error).message,
        true,
      );
    }
  }
  throw new FetchFailure('too many redirects', false);
}

/** The file in the media folder: `2012/05/photo.jpg`, else the bare name (a flat media-library export). */
function findInMediaDir(mediaDir: string, file: string): string | undefined {
  for (const candidate of [join(mediaDir, file), join(mediaDir, file.split('/').pop() ?? file)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Brings every referenced file that `projectRoot`'s media folders lack into
 * the same folders below `writeRoot` (a staging folder, moved into the
 * project with the imported files, so a failed import leaves no media
 * behind); see the module comment. `urls` are uploads URLs as found (own and
 * foreign).
 */
export async function collectMedia(
  urls: readonly string[],
  ownHosts: ReadonlySet<string>,
  projectRoot: string,
  options: MediaOptions,
  writeRoot: string,
): Promise<MediaResult> {
  const settings = {
    timeoutMs: options.timeoutMs ?? 20_000,
    maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    retries: options.retries ?? 2,
    concurrency: options.concurrency ?? 4,
  };
  const byFile = new Map<string, MediaReference>();
  const foreign: string[] = [];
  for (const url of urls) {
    const reference = readMediaReference(url, ownHosts);
    if (!reference) continue;
    if (!reference.own) foreign.push(reference.originalUrl);
    else if (!byFile.has(reference.file)) byFile.set(reference.file, reference);
  }
  const present = new Set<string>();
  const missing: MissingMedia[] = [];
  let fromDir = 0;
  let alreadyThere = 0;
  let downloaded = 0;
  const toFetch: MediaReference[] = [];
  for (const reference of [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file))) {
    const target = join(writeRoot, selectMediaDir(reference.file), reference.file);
    if (existsSync(join(projectRoot, selectMediaDir(reference.file), reference.file))) {
      present.add(reference.file);
      alreadyThere += 1;
      continue;
    }
    const local = options.mediaDir ? findInMediaDir(options.mediaDir, reference.file) : undefined;
    if (local) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(local, target);
      present.add(reference.file);
      fromDir += 1;
    } else if (options.download) {
      toFetch.push(reference);
    } else {
      missing.push({
        file: reference.file,
        url: reference.originalUrl,
        reason: options.mediaDir ? 'not in the media folder (downloads off)' : 'downloads off',
      });
    }
  }
  const queue = [...toFetch];
  const work = async () => {
    for (let reference = queue.shift(); reference; reference = queue.shift()) {
      const target = join(writeRoot, selectMediaDir(reference.file), reference.file);
      let failure = 'not fetched';
      for (let attempt = 0; attempt <= settings.retries; attempt += 1) {
        try {
          const body = await fetchOnce(reference.originalUrl, ownHosts, settings);
          mkdirSync(dirname(target), { recursive: true });
          // Written whole, then renamed: an interrupted import never leaves half a file.
          writeFileSync(`${target}.part`, body);
          renameSync(`${target}.part`, target);
          present.add(reference.file);
          downloaded += 1;
          failure = '';
          break;
        } catch (error) {
          rmSync(`${target}.part`, { force: true });
          failure = (error as Error).message;
          if (!(error instanceof FetchFailure) || !error.retry) break;
        }
      }
      if (failure !== '')
        missing.push({ file: reference.file, url: reference.originalUrl, reason: failure });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, work));
  return {
    present,
    fromDir,
    downloaded,
    alreadyThere,
    missing: missing.sort((a, b) => a.file.localeCompare(b.file)),
    foreign: [...new Set(foreign)].sort(),
  };
}
