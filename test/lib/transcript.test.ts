import { expect, test } from 'vitest';
import { formatTranscriptLines } from '../../src/lib/transcript.ts';

test('transcript lines get RFC-style prefixes', () => {
  expect(
    formatTranscriptLines([
      { from: 'server', text: '220 ready' },
      { from: 'client', text: 'STARTTLS', highlight: true },
      { from: 'note', text: 'handshake' },
    ]),
  ).toEqual([
    { text: 'S: 220 ready\n', className: 'transcript-server', highlight: false },
    { text: 'C: STARTTLS\n', className: 'transcript-client', highlight: true },
    { text: '   [handshake]\n', className: 'transcript-note', highlight: false },
  ]);
});
