/**
 * Opening the follower database: the file, WAL mode and pragmas, the numbered
 * migrations in migrations/ (applied in order, `PRAGMA user_version` counting
 * how many ran), transactions, and the one way every store prepares its SQL.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';

/** One schema step, read from `migrations/NNN-name.sql`. */
export interface FollowerMigration {
  /** Its number: the `user_version` the database has once it ran. */
  readonly version: number;
  /** The file name, for error messages. */
  readonly name: string;
  /** The statements, run in one transaction. */
  readonly sql: string;
}

/** The folder the migration files live in. */
export const migrationsDir = join(import.meta.dirname, 'migrations');

let migrations: readonly FollowerMigration[] | undefined;

/**
 * The migrations in `dir`, in order. The numbers must run 1, 2, 3… without a
 * gap or a repeat: `user_version` stores how many ran, so a gap would make a
 * database skip a step for good.
 */
export function listFollowerMigrations(dir: string = migrationsDir): readonly FollowerMigration[] {
  if (dir === migrationsDir && migrations) return migrations;
  const found = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const number = /^(\d+)-[a-z0-9-]+\.sql$/.exec(name)?.[1];
      if (number === undefined) {
        throw new Error(`Follower migration ${join(dir, name)} must be named NNN-name.sql`);
      }
      return { version: Number(number), name, sql: readFileSync(join(dir, name), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  found.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Follower migrations in ${dir} must be numbered 1, 2, 3… in order: ${migration.name} is number ${index + 1}`,
      );
    }
  });
  if (dir === migrationsDir) migrations = found;
  return found;
}

/** Runs `work` in one write transaction, rolled back if it throws. */
export function runInTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Brings an open database up to the newest schema (or `steps`), one transaction per step. */
export function migrateFollowerDatabase(
  db: DatabaseSync,
  steps: readonly FollowerMigration[] = listFollowerMigrations(),
): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
    user_version: number;
  };
  for (const step of steps.slice(version)) {
    try {
      runInTransaction(db, () => {
        db.exec(step.sql);
        db.exec(`PRAGMA user_version = ${step.version}`);
      });
    } catch (error) {
      throw new Error(`Follower database migration ${step.version} failed`, { cause: error });
    }
  }
}

/**
 * Opens (creating if needed) the follower database at `path` (`:memory:` for
 * tests) and migrates it. `synchronous = NORMAL` in WAL mode survives a killed
 * process, which is the crash notify must survive; a power cut may lose the
 * last commits.
 */
export function openFollowerDatabase(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: 5_000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  migrateFollowerDatabase(db);
  return db;
}

/** A table of named SQL statements, prepared. */
export type PreparedStatements<Name extends string> = { readonly [K in Name]: StatementSync };

/**
 * The one way the stores prepare SQL: each statement on first use, then kept
 * for the life of the store. Compiling SQL on every request cost as much as
 * running it; compiling everything up front would make `npm run followers`
 * pay for the ledger's statements it never runs.
 */
export function prepareStatements<Name extends string>(
  db: DatabaseSync,
  sql: Readonly<Record<Name, string>>,
): PreparedStatements<Name> {
  const statements = {} as Record<Name, StatementSync>;
  for (const name of Object.keys(sql) as Name[]) {
    Object.defineProperty(statements, name, {
      configurable: true,
      enumerable: true,
      get() {
        const statement = db.prepare(sql[name]);
        // From now on a plain property: later uses skip the getter.
        Object.defineProperty(statements, name, { value: statement, enumerable: true });
        return statement;
      },
    });
  }
  return statements;
}
