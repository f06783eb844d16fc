/**
 * Running a real nginx in tests: a local certificate authority made with
 * openssl, free loopback ports, nginx in the foreground with its own prefix,
 * and raw HTTP requests that show exactly what nginx sent back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import {
  getBlogHost,
  renderNginxMainConfig,
  renderNginxSiteConfig,
  type NginxSiteOptions,
} from '../../src/deploy/nginx/index.ts';
import { findFreePort } from '../../scripts/lib/free-port.ts';

const NGINX = '/usr/sbin/nginx';
const OPENSSL = '/usr/bin/openssl';

/** Runs openssl; throws with its stderr when it fails. */
function runOpenssl(args: string[], cwd: string): void {
  const result = spawnSync(OPENSSL, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
  }
}

/** Paths of a certificate issued by the local CA. */
export interface IssuedCertificate {
  readonly certificate: string;
  readonly key: string;
}

/** A throwaway certificate authority in `dir`. */
export interface LocalCa {
  /** PEM of the CA certificate, to trust in clients. */
  readonly caPem: string;
  /** Issues a P-256 server certificate naming exactly `hosts`. */
  issue(name: string, hosts: readonly string[]): IssuedCertificate;
}

/** Creates a local CA (P-256 keys: fast to make). */
export function createLocalCa(dir: string): LocalCa {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  runOpenssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Weblog test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    issue(name, hosts) {
      const extensions = join(dir, `${name}.ext`);
      writeFileSync(
        extensions,
        [
          `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
          'basicConstraints=CA:FALSE',
          'keyUsage=critical,digitalSignature',
          'extendedKeyUsage=serverAuth',
          '',
        ].join('\n'),
      );
      runOpenssl(
        ['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${hosts[0]}`],
        dir,
      );
      runOpenssl(
        [
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.pem',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-days',
          '2',
          '-extfile',
          extensions,
          '-out',
          `${name}.pem`,
        ],
        dir,
      );
      return { certificate: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
    },
  };
}

/** A free loopback port (nginx needs its port numbers written into its config). */
export { findFreePort };

/** Waits until something accepts TCP connections on the port. */
async function waitForPort(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited with ${child.exitCode}:\n${readLog(errorLog)}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} within 10 s:\n${readLog(errorLog)}`);
}

/** The error log's text, or a note that there is none. */
function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '(no error log)';
  }
}

/** A running nginx. */
export interface RunningNginx {
  /** Stops nginx gracefully and waits for it to exit. */
  stop(): Promise<void>;
  /** The error log so far (for failure messages). */
  readErrorLog(): string;
}

/** Checks `config` with `nginx -t`, then starts nginx in the foreground and waits for `port`. */
export async function startNginx(
  prefix: string,
  config: string,
  port: number,
): Promise<RunningNginx> {
  const configPath = join(prefix, 'nginx.conf');
  const errorLog = join(prefix, 'error.log');
  writeFileSync(configPath, config);
  const args = ['-p', prefix, '-c', configPath, '-e', errorLog];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0)
    throw new Error(`nginx -t rejected the generated config:\n${check.stderr}`);
  const child = spawn(NGINX, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, errorLog);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
    },
    readErrorLog: () => readLog(errorLog),
  };
}

/** What came back for a raw request. */
export interface RawResponse {
  /** Status code, or 0 when the connection closed without a response. */
  readonly status: number;
  /** Header lines as sent, names lower-cased. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /** Everything received, unparsed. */
  readonly raw: string;
}

/** The first value of a header, or undefined. */
export function getHeader(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key === name.toLowerCase())?.[1];
}

/** Every value of a header, in the order sent (a repeated header shows up more than once). */
export function getHeaderValues(response: RawResponse, name: string): string[] {
  return response.headers.filter(([key]) => key === name.toLowerCase()).map(([, value]) => value);
}

/** Splits a raw HTTP/1.1 response into status, headers and body. */
function parseRawResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (!raw.startsWith('HTTP/') || end < 0) return { status: 0, headers: [], body: '', raw };
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  const rest = raw.slice(end + 4);
  const chunked = headers.some(
    ([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: chunked ? decodeChunked(rest) : rest,
    raw,
  };
}

/** Decodes a chunked body (enough for tests: no trailers). */
function decodeChunked(text: string): string {
  let body = '';
  let position = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', position);
    const size = Number.parseInt(text.slice(position, lineEnd), 16);
    if (lineEnd < 0 || !(size > 0)) return body;
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    position = lineEnd + 2 + size + 2;
  }
}

/** Where and how to send a raw request. */
export interface RawTarget {
  readonly port: number;
  /** Speak TLS with this SNI name (no certificate check: `verifyTls` does that). */
  readonly servername?: string | undefined;
}

/**
 * Sends bytes exactly as given (so a test can send what Node's HTTP client
 * refuses: CR/LF in headers, odd host names) and reads until nginx closes.
 * A refused TLS handshake counts as status 0.
 */
export function sendRaw(target: RawTarget, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = target.servername
      ? connectTls({
          host: '127.0.0.1',
          port: target.port,
          servername: target.servername,
          rejectUnauthorized: false,
        })
      : connect(target.port, '127.0.0.1');
    socket.setTimeout(5_000, () => socket.destroy(new Error('raw request timed out')));
    socket.once(target.servername ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => resolve(parseRawResponse(Buffer.concat(chunks).toString('latin1'))));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // A handshake nginx refuses (ssl_reject_handshake) ends as a TLS alert.
      if (
        chunks.length === 0 &&
        /alert|ECONNRESET|socket disconnected/i.test(String(error.message))
      ) {
        resolve({ status: 0, headers: [], body: '', raw: '' });
      } else {
        reject(error);
      }
    });
  });
}

/** A plain GET with `Connection: close`. */
export function formatGet(host: string, path = '/', extraHeaders = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extraHeaders}Connection: close\r\n\r\n`;
}

/**
 * Connects with TLS the way a browser would (SNI `host`, certificate checked
 * against the local CA and the host name); resolves with the error code, or
 * undefined when the certificate is accepted.
 */
export function verifyTls(port: number, host: string, caPem: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port, servername: host, ca: caPem });
    socket.setTimeout(5_000, () => socket.destroy(new Error('TLS check timed out')));
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code) resolve(error.code);
      else reject(error);
    });
  });
}

/** A built site served over https by the generated config on a real nginx. */
export interface ServedBlog {
  /** GETs a path on the blog over https (SNI and Host: the blog's name). */
  get(path: string): Promise<RawResponse>;
  /** The error log so far (for failure messages). */
  readErrorLog(): string;
  /** Stops nginx and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Serves `root` (a built dist/) with the generated site config on loopback, with
 * a local CA's certificates and the given redirect tables; upstreams point nowhere,
 * for tests of the blog's own pages and redirects.
 */
export async function serveBlogOnNginx(
  root: string,
  redirects: Pick<
    NginxSiteOptions,
    'pageRedirects' | 'wordpressRedirects' | 'wordpressQueryRedirects'
  >,
): Promise<ServedBlog> {
  const prefix = mkdtempSync(join(tmpdir(), 'blog-nginx-'));
  const blogHost = getBlogHost();
  const ca = createLocalCa(prefix);
  const [httpPort, httpsPort] = [await findFreePort(), await findFreePort()];
  const siteConfig = renderNginxSiteConfig({
    root,
    listenAddress: '127.0.0.1',
    httpPort,
    httpsPort,
    blogCertificate: ca.issue('blog', [blogHost]),
    loginCertificate: ca.issue('login', ['www.fastmail.fm']),
    followerUpstream: '127.0.0.1:9',
    webmailUpstream: '127.0.0.1:9',
    ...redirects,
  });
  const user = process.getuid?.() === 0 ? 'root' : undefined;
  let nginx: RunningNginx;
  try {
    nginx = await startNginx(
      prefix,
      renderNginxMainConfig({ prefix, siteConfig, user }),
      httpsPort,
    );
  } catch (error) {
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    get: (path) => sendRaw({ port: httpsPort, servername: blogHost }, formatGet(blogHost, path)),
    readErrorLog: () => nginx.readErrorLog(),
    async stop() {
      await nginx.stop();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
