/**
 * The webmail login redirect rules of June 2012, as rules rather than a lookup
 * of the post's table: `test/deploy/login-redirects.test.ts` checks that every row
 * of `src/data/login-transitions.ts` comes out of them, and the nginx config
 * generator (`src/deploy/nginx/`) turns the same rules into server blocks.
 *
 * Decisions where the post is silent (tested, and stated on the help page):
 * - Host names are compared in lower case, without a trailing dot.
 * - An explicit port is dropped: targets are always the standard port.
 * - The path is kept, so a bookmarked deep link still lands on its page.
 * - The query string is kept, except when the rule adds `?domain=`: then the
 *   rule's `domain` replaces the whole query, so a `?domain=` already in the
 *   address cannot pick another login screen.
 * - `mail.<domain>` is always the own-domain rule (also for FastMail domains).
 * - `insecure.` means something over http only; over https it is treated as
 *   the bare domain, since a browser that can speak https needs no insecure login.
 * - Any other host is not a login host (`unknown`): the server refuses it.
 */

/** The primary FastMail domain: the only one the web servers' certificate covers. */
export const PRIMARY_DOMAIN = 'fastmail.fm';

/**
 * Other domains FastMail users sign up under, answered by the same web servers
 * (the post's example `sent.com`, and the fastmail.* domains of "New domain: fastmail.nl").
 */
export const OTHER_FASTMAIL_DOMAINS = [
  'sent.com',
  'fastmail.cn',
  'fastmail.co.uk',
  'fastmail.com.au',
  'fastmail.es',
  'fastmail.in',
  'fastmail.jp',
  'fastmail.net',
  'fastmail.nl',
  'fastmail.to',
  'fastmail.us',
] as const;

/** Host prefixes the web servers answer on every FastMail domain ('' is the bare domain). */
export const LOGIN_HOST_PREFIXES = ['', 'www', 'm', 'ssl', 'insecure'] as const;

/** A prefix of a FastMail login host. */
export type LoginHostPrefix = (typeof LOGIN_HOST_PREFIXES)[number];

/** Longest host name DNS allows; longer names are never login hosts. */
export const MAX_HOST_LENGTH = 253;

/**
 * A business's own domain as it may appear after `mail.`: lower-case labels of
 * letters, digits and inner hyphens (at most 63 characters each), ending in a
 * top-level domain that starts with a letter. Shared with the nginx config, so
 * anything else (odd characters, empty labels) is refused by both.
 */
export const BUSINESS_DOMAIN_PATTERN =
  '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?';

const businessHostRegex = new RegExp(
  `^(?=.{1,${MAX_HOST_LENGTH}}$)mail\\.(?<domain>${BUSINESS_DOMAIN_PATTERN})$`,
);

/** What a host name means to the login rules. */
export type LoginHost =
  | { readonly kind: 'fastmail'; readonly prefix: LoginHostPrefix; readonly domain: string }
  | { readonly kind: 'business'; readonly domain: string };

/** Where an address goes under the rules. */
export type LoginResolution =
  | {
      /** The browser is sent on with a 301. */
      readonly kind: 'redirect';
      /** The full target URL. */
      readonly location: string;
      /** Target origin (scheme and host) without path. */
      readonly origin: string;
      /** The `domain` parameter the rule adds, when it adds one. */
      readonly domain: string | undefined;
      /** True when the address itself is https on a host the certificate does not cover. */
      readonly certificateWarning: boolean;
    }
  | {
      /** The address is answered where it is (the login screen). */
      readonly kind: 'stays';
      readonly certificateWarning: boolean;
    }
  | {
      /** Not a login host: the server refuses it and redirects nowhere. */
      readonly kind: 'unknown';
    };

const fastmailDomains: readonly string[] = [PRIMARY_DOMAIN, ...OTHER_FASTMAIL_DOMAINS];

/** Joins a prefix and a domain into a host name. */
function joinHost(prefix: LoginHostPrefix, domain: string): string {
  return prefix === '' ? domain : `${prefix}.${domain}`;
}

/** Lower-cases a host name and drops a trailing dot, as browsers and nginx do. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** Every FastMail login host name (each prefix on each FastMail domain), primary domain first. */
export function listLoginHosts(): string[] {
  return fastmailDomains.flatMap((domain) =>
    LOGIN_HOST_PREFIXES.map((prefix) => joinHost(prefix, domain)),
  );
}

/** Host names the web servers' certificate names: the primary domain with each prefix. */
export function listCertificateHosts(): string[] {
  return LOGIN_HOST_PREFIXES.map((prefix) => joinHost(prefix, PRIMARY_DOMAIN));
}

/** Hosts a login redirect may send a browser to (business domains only ever appear as `?domain=`). */
export function listRedirectTargetHosts(): string[] {
  return [
    joinHost('www', PRIMARY_DOMAIN),
    joinHost('m', PRIMARY_DOMAIN),
    ...fastmailDomains.map((domain) => joinHost('ssl', domain)),
  ];
}

/** Classifies a host name under the rules; undefined when it is not a login host. */
export function classifyLoginHost(host: string): LoginHost | undefined {
  const name = normalizeHost(host);
  const business = businessHostRegex.exec(name)?.groups?.['domain'];
  if (business) return { kind: 'business', domain: business };
  for (const domain of fastmailDomains) {
    if (name === domain) return { kind: 'fastmail', prefix: '', domain };
    for (const prefix of LOGIN_HOST_PREFIXES) {
      if (prefix !== '' && name === `${prefix}.${domain}`) {
        return { kind: 'fastmail', prefix, domain };
      }
    }
  }
  return undefined;
}

/** True when an https connection to this host shows a certificate warning (the post's "(W)"). */
export function hasCertificateWarning(url: string | URL): boolean {
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' && !listCertificateHosts().includes(normalizeHost(parsed.hostname))
  );
}

/** The target origin and `domain` parameter for a login host reached over a scheme; undefined when it stays. */
function chooseTarget(
  host: LoginHost,
  secure: boolean,
): { origin: string; domain: string | undefined } | undefined {
  const www = `https://${joinHost('www', PRIMARY_DOMAIN)}`;
  if (host.kind === 'business') return { origin: www, domain: host.domain };
  const domain = host.domain === PRIMARY_DOMAIN ? undefined : host.domain;
  const here = joinHost(host.prefix, host.domain);
  switch (host.prefix) {
    case 'ssl':
      // Sticky: the ssl. host keeps its own domain, warning or not.
      return secure ? undefined : { origin: `https://${here}`, domain: undefined };
    case 'insecure':
      if (!secure) return undefined;
      break;
    case 'm':
      if (secure && here === joinHost('m', PRIMARY_DOMAIN)) return undefined;
      return { origin: `https://${joinHost('m', PRIMARY_DOMAIN)}`, domain };
    default:
      break;
  }
  if (secure && here === joinHost('www', PRIMARY_DOMAIN)) return undefined;
  return { origin: www, domain };
}

/**
 * Where an address goes under the login rules, and whether the browser shows
 * a certificate warning on the way. Relative and non-http(s) URLs are errors.
 */
export function resolveLoginRedirect(url: string | URL): LoginResolution {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`Login addresses are http or https; got ${parsed.protocol} in ${parsed.href}`);
  }
  const host = classifyLoginHost(parsed.hostname);
  if (!host) return { kind: 'unknown' };
  const secure = parsed.protocol === 'https:';
  const certificateWarning = secure && hasCertificateWarning(parsed);
  const target = chooseTarget(host, secure);
  if (!target) return { kind: 'stays', certificateWarning };
  const query = target.domain ? `?domain=${target.domain}` : parsed.search;
  return {
    kind: 'redirect',
    location: `${target.origin}${parsed.pathname}${query}`,
    origin: target.origin,
    domain: target.domain,
    certificateWarning,
  };
}
