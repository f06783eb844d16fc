/**
 * Applies an XSL stylesheet to a document with libxslt's xsltproc (the same
 * XSLT engine Chromium uses), for tests of the feed stylesheet's output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The result of transforming `xml` with `xsl`; throws with xsltproc's message on an error. */
export function transformXml(xsl: string, xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xslt-'));
  try {
    writeFileSync(join(dir, 'style.xsl'), xsl);
    writeFileSync(join(dir, 'doc.xml'), xml);
    const result = spawnSync('/usr/bin/xsltproc', [join(dir, 'style.xsl'), join(dir, 'doc.xml')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0 || result.stderr.trim() !== '') {
      throw new Error(`xsltproc failed: ${result.stderr || `exit ${result.status}`}`);
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
