/** What the `Transcript` component prints: protocol exchange lines with RFC-style prefixes. */

/** One line of a protocol exchange shown on a help page. */
export interface TranscriptLine {
  /** Who sends it: the client, the server, or a remark about what happens between lines. */
  readonly from: 'client' | 'server' | 'note';
  readonly text: string;
  /** True for the lines the surrounding text is about. */
  readonly highlight?: boolean | undefined;
}

/** A transcript line ready to print: `C: `/`S: ` prefix, newline included. */
export interface TranscriptRow {
  readonly text: string;
  readonly className: string;
  readonly highlight: boolean;
}

const transcriptPrefixes = { client: 'C: ', server: 'S: ', note: '   ' } as const;

/** Prefixes each line the way RFCs print exchanges ("C:" client, "S:" server, notes in brackets). */
export function formatTranscriptLines(lines: readonly TranscriptLine[]): TranscriptRow[] {
  return lines.map((line) => ({
    text: `${transcriptPrefixes[line.from]}${line.from === 'note' ? `[${line.text}]` : line.text}\n`,
    className: `transcript-${line.from}`,
    highlight: line.highlight ?? false,
  }));
}
