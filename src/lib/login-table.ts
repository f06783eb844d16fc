/** The cells and lines of the login transition table (`LoginTransitionTable`), from `src/data/login-transitions.ts`. */
import type { LoginTransition } from '../data/login-transitions.ts';

/** The visible "(W)" marker. */
export const CERTIFICATE_WARNING_MARKER = '(W)';

/** A transition row split into the table's two cells. */
export interface TransitionCells {
  /** The address typed. */
  readonly from: string;
  readonly fromWarning: boolean;
  /** "stays at " for addresses answered where they are, else "". */
  readonly toPrefix: string;
  readonly to: string;
  readonly toWarning: boolean;
}

/** The two cells of a transition row. */
export function formatTransitionCells(row: LoginTransition): TransitionCells {
  return {
    from: row.from,
    fromWarning: row.fromWarning,
    toPrefix: row.outcome === 'stays' ? 'stays at ' : '',
    to: row.to,
    toWarning: row.toWarning,
  };
}

/** A transition row as one line of the post's original list: `from (W) -> stays at to (W)`. */
export function formatTransitionLine(row: LoginTransition): string {
  const cells = formatTransitionCells(row);
  const mark = (warning: boolean) => (warning ? ` ${CERTIFICATE_WARNING_MARKER}` : '');
  return `${cells.from}${mark(cells.fromWarning)} -> ${cells.toPrefix}${cells.to}${mark(cells.toWarning)}`;
}

/** Rows split where the post leaves a blank line, in order. */
export function groupTransitions<T extends LoginTransition>(rows: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0]?.group === row.group) last.push(row);
    else groups.push([row]);
  }
  return groups;
}
