/**
 * The secret the unsubscribe tokens are derived from, when FOLLOWERS_SECRET
 * is not set: a file beside the database, so a laptop needs no setup and the
 * links in sent emails survive restarts. Reading never writes; only the
 * service (server.ts) creates the file, because the service is what hands out
 * tokens first. Everything else reads it, or says it is missing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the generated secret lives for the database at `dbPath`. */
export function resolveSecretFile(dbPath: string): string {
  return join(dirname(dbPath), 'followers.secret');
}

/** The secret in `file`, or null when there is no such file. */
export function readSecretFile(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/** The secret in `file`, generated into it first when the file does not exist. */
export function readOrCreateSecretFile(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx' fails if another process created it in between: then read theirs.
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** Why a command that must sign unsubscribe links cannot: no secret yet. */
export function describeMissingSecret(file: string): string {
  return (
    `No unsubscribe secret: FOLLOWERS_SECRET is not set and ${file} does not exist. ` +
    'The follower service creates that file the first time it starts (`npm start`); ' +
    'start it once, or set FOLLOWERS_SECRET to the secret the service uses.'
  );
}
