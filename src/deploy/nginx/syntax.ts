/**
 * nginx configuration syntax: quoting, the values quoting cannot protect, and
 * the small directives every server block repeats. Every interpolated path and
 * address goes through here, so a hostile value is refused in one place.
 */

/** A certificate and its private key, as paths on the server. */
export interface CertificatePaths {
  /** PEM certificate chain (leaf first). */
  readonly certificate: string;
  /** PEM private key. */
  readonly key: string;
}

/** Quotes a value for nginx: double quotes, with `"` and `\` escaped. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * What quoting cannot make safe: `$` starts a variable even inside quotes
 * (nginx has no escape for it), control characters end a line or hide in logs.
 */
const UNQUOTABLE = /[$\u0000-\u001f\u007f]/;

/**
 * Quotes an absolute path on the server for nginx, so spaces, `;`, `#`,
 * braces and quotes stay part of it; refuses what quoting cannot protect.
 */
export function formatPath(name: string, value: string): string {
  if (!value.startsWith('/')) {
    throw new Error(
      `${name} must be an absolute path on the server (got ${JSON.stringify(value)}).`,
    );
  }
  if (UNQUOTABLE.test(value)) {
    throw new Error(
      `${name} must not contain "$" or control characters, which nginx would read as a variable or a line break (got ${JSON.stringify(value)}).`,
    );
  }
  return quote(value);
}

/** Quotes a `host:port` upstream address after checking it is one (IPv4, [IPv6] or a host name). */
export function formatUpstream(name: string, value: string): string {
  const match = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(
    value,
  );
  if (!match || !isPort(Number(match[1]))) {
    throw new Error(
      `${name} must be host:port, such as 127.0.0.1:4321 (got ${JSON.stringify(value)}).`,
    );
  }
  return quote(value);
}

/** True for a TCP port number nginx can listen on. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Indents every non-empty line of a block by four spaces per level. */
export function indent(text: string, levels = 1): string {
  const pad = '    '.repeat(levels);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A `listen` directive for a port on an address (all addresses when none is given). */
export function formatListen(listenAddress: string | undefined, port: number, extra = ''): string {
  if (!isPort(port)) throw new Error(`Ports must be whole numbers from 1 to 65535 (got ${port}).`);
  // An IPv4 address, a bracketed IPv6 address or a host name: nothing nginx could misread.
  if (listenAddress && !/^(?:[0-9.]+|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/.test(listenAddress)) {
    throw new Error(
      `listenAddress must be an IP address or host name (got ${JSON.stringify(listenAddress)}).`,
    );
  }
  const address = listenAddress ? `${listenAddress}:` : '';
  return `listen ${address}${port}${extra};`;
}

/** The `ssl_certificate` and `ssl_certificate_key` lines of a certificate, paths quoted. */
export function formatCertificate(name: string, paths: CertificatePaths): string[] {
  return [
    `ssl_certificate ${formatPath(`${name}.certificate`, paths.certificate)};`,
    `ssl_certificate_key ${formatPath(`${name}.key`, paths.key)};`,
  ];
}

/** An `add_header … always;` line per header. */
export function formatAddHeaders(headers: readonly (readonly [string, string])[]): string[] {
  return headers.map(([name, value]) => `add_header ${name} ${quote(value)} always;`);
}
