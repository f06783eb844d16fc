/** The rows of the server names and ports tables (`ServerTable`), as text, from `src/data/servers.ts`. */
import {
  servers,
  type ConnectionSecurity,
  type ServerEntry,
  type ServerGroup,
} from '../data/servers.ts';
import { formatDisplayDate } from './dates.ts';

const securityLabels: Record<ConnectionSecurity, string> = {
  'implicit-tls': 'SSL/TLS',
  starttls: 'STARTTLS',
  none: 'None',
};

/** How a row's encryption reads in the table. */
export function formatSecurity(security: ConnectionSecurity): string {
  return securityLabels[security];
}

/** A server row as the help page prints it. */
export interface ServerRow {
  readonly service: string;
  readonly hostname: string;
  readonly port: string;
  readonly security: string;
  /** "Supported", "Recommended", "Disabled since 14 July 2012"… */
  readonly status: string;
  readonly disabled: boolean;
  readonly note: string;
}

/** "Recommended", "Supported", "Supported since …" or "Disabled since …". */
export function formatServerStatus(entry: ServerEntry): string {
  const since = entry.since
    ? ` since ${formatDisplayDate(new Date(`${entry.since}T00:00:00Z`))}`
    : '';
  if (entry.status === 'disabled') return `Disabled${since}`;
  return entry.recommended ? `Recommended${since}` : `Supported${since}`;
}

/** The rows of one table of the Server Names and Ports page, from `src/data/servers.ts`. */
export function listServerRows(
  group: ServerGroup,
  table: readonly ServerEntry[] = servers,
): ServerRow[] {
  return table
    .filter((entry) => entry.group === group)
    .map((entry) => ({
      service: entry.service,
      hostname: entry.hostname,
      port: String(entry.port),
      security: formatSecurity(entry.security),
      status: formatServerStatus(entry),
      disabled: entry.status === 'disabled',
      note: entry.note ?? '',
    }));
}
