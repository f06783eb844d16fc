/**
 * FastMail's server names and ports as they stood after 14 July 2012, when the
 * unencrypted client ports were switched off. The "Server Names and Ports" help
 * page renders its tables from this module; the tests check it against the
 * posts. No `astro:` imports: plain Node and vitest load it.
 */

/** How a connection is encrypted. */
export type ConnectionSecurity = 'implicit-tls' | 'starttls' | 'none';

/** Whether clients may use the entry (as of July 2012). */
export type ServerStatus = 'supported' | 'disabled';

/** Which table of the help page an entry belongs to. */
export type ServerGroup = 'mail-client' | 'address-book' | 'incoming-mail' | 'chat' | 'web';

/** One host and port FastMail offered, or switched off. */
export interface ServerEntry {
  /** The help page table this row appears in. */
  readonly group: ServerGroup;
  /** Protocol and role as users know it ("IMAP", "SMTP (sending)"). */
  readonly service: string;
  /** Host name to configure. */
  readonly hostname: string;
  /** TCP port. */
  readonly port: number;
  /** Encryption on this port: TLS from the first byte, an upgrade with STARTTLS, or none. */
  readonly security: ConnectionSecurity;
  /** Supported, or disabled for client access. */
  readonly status: ServerStatus;
  /** ISO date the status took effect, when known; undefined means it was already so before 2012. */
  readonly since: string | undefined;
  /** True for the settings the help page recommends. */
  readonly recommended: boolean;
  /** One short remark shown beside the row, when there is one. */
  readonly note: string | undefined;
}

/** The day the unencrypted IMAP, POP, SMTP and LDAP client ports were switched off. */
export const PLAINTEXT_CUTOFF = '2012-07-14';

/** Every row of the help page's tables, grouped by table, recommended settings first. */
export const servers = [
  {
    group: 'mail-client',
    service: 'IMAP',
    hostname: 'mail.messagingengine.com',
    port: 993,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: undefined,
  },
  {
    group: 'mail-client',
    service: 'POP3',
    hostname: 'mail.messagingengine.com',
    port: 995,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: undefined,
  },
  {
    group: 'mail-client',
    service: 'SMTP (sending)',
    hostname: 'mail.messagingengine.com',
    port: 465,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: 'Authentication required; the user name is the full login, such as you@fastmail.fm.',
  },
  {
    group: 'mail-client',
    service: 'SMTP (sending)',
    hostname: 'mail.messagingengine.com',
    port: 587,
    security: 'starttls',
    status: 'supported',
    since: undefined,
    recommended: false,
    note: 'For programs that can only use STARTTLS; STARTTLS must be required, not optional.',
  },
  {
    group: 'mail-client',
    service: 'IMAP',
    hostname: 'mail.messagingengine.com',
    port: 143,
    security: 'starttls',
    status: 'disabled',
    since: PLAINTEXT_CUTOFF,
    recommended: false,
    note: 'Unencrypted unless the program asked for STARTTLS.',
  },
  {
    group: 'mail-client',
    service: 'POP3',
    hostname: 'mail.messagingengine.com',
    port: 110,
    security: 'starttls',
    status: 'disabled',
    since: PLAINTEXT_CUTOFF,
    recommended: false,
    note: 'Unencrypted unless the program asked for STLS.',
  },
  {
    group: 'mail-client',
    service: 'SMTP (sending)',
    hostname: 'mail.messagingengine.com',
    port: 25,
    security: 'starttls',
    status: 'disabled',
    since: PLAINTEXT_CUTOFF,
    recommended: false,
    note: 'Closed to mail programs; other mail servers still deliver to FastMail on port 25.',
  },
  {
    group: 'address-book',
    service: 'LDAP (read-only address book)',
    hostname: 'ldap.messagingengine.com',
    port: 636,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: 'Bind DN cn=<your email address>,dc=User; search base dc=AddressBook.',
  },
  {
    group: 'address-book',
    service: 'LDAP (read-only address book)',
    hostname: 'ldap.messagingengine.com',
    port: 389,
    security: 'starttls',
    status: 'disabled',
    since: PLAINTEXT_CUTOFF,
    recommended: false,
    note: 'Unencrypted unless the program used the StartTLS operation.',
  },
  {
    group: 'incoming-mail',
    service: 'SMTP (incoming, MX preference 10)',
    hostname: 'in1-smtp.messagingengine.com',
    port: 25,
    security: 'starttls',
    status: 'supported',
    since: '2009-04-16',
    recommended: false,
    note: 'For other mail servers, not mail programs; STARTTLS is offered and used when the sender supports it.',
  },
  {
    group: 'incoming-mail',
    service: 'SMTP (incoming, MX preference 20)',
    hostname: 'in2-smtp.messagingengine.com',
    port: 25,
    security: 'starttls',
    status: 'supported',
    since: '2009-04-16',
    recommended: false,
    note: 'Backup for the host above.',
  },
  {
    group: 'chat',
    service: 'XMPP (chat)',
    hostname: 'chat.messagingengine.com',
    port: 5222,
    security: 'starttls',
    status: 'supported',
    since: undefined,
    recommended: false,
    note: 'Encryption not yet enforced in July 2012; planned for the following months.',
  },
  {
    group: 'web',
    service: 'Web login',
    hostname: 'www.fastmail.fm',
    port: 443,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: 'Since June 2012, http://www.fastmail.fm redirects here.',
  },
  {
    group: 'web',
    service: 'Mobile web login',
    hostname: 'm.fastmail.fm',
    port: 443,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: false,
    note: undefined,
  },
  {
    group: 'web',
    service: 'Web login, sticky https',
    hostname: 'ssl.fastmail.fm',
    port: 443,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: false,
    note: 'Stays on its own host name; a work-around for proxies that block names containing "mail".',
  },
  {
    group: 'web',
    service: 'Web login, unencrypted',
    hostname: 'insecure.fastmail.fm',
    port: 80,
    security: 'none',
    status: 'supported',
    since: undefined,
    recommended: false,
    note: 'Only for dire circumstances; strongly discouraged and may be removed.',
  },
] as const satisfies readonly ServerEntry[];
