/**
 * Atomic publishing of a build: the site is built into a staging folder and
 * swapped into place only when every step succeeded, so a failed build never
 * leaves a half-written `dist/` that could be deployed by mistake.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

/**
 * Replaces `target` with `staged` by two renames (same file system), then
 * removes the old copy. `target` is never a mix of two builds; between the two
 * renames (microseconds) it is briefly absent, so deploy from a finished
 * build, not while one runs.
 */
export async function replaceDirectory(staged: string, target: string): Promise<void> {
  const previous = `${staged}.previous`;
  await rm(previous, { recursive: true, force: true });
  if (existsSync(target)) await rename(target, previous);
  try {
    await rename(staged, target);
  } catch (error) {
    if (existsSync(previous)) await rename(previous, target);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}
