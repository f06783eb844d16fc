/**
 * The follower database, one room per caller: sign-ups (app.ts), deliveries
 * (notify.ts), operator (`npm run followers`), preferences (the manage page),
 * imports (`followers -- import`), bounces (the listener and `followers --
 * bounces`), read-only (the site's count). `openFollowerStore` opens one
 * connection and hands out the writing views on it; the wiring
 * (../wiring.ts) gives each caller only its own.
 */
import type { DeliveryStore } from './deliveries.ts';
import { createDeliveryStore } from './deliveries.ts';
import { openFollowerDatabase } from './database.ts';
import type { BounceStore } from './bounces.ts';
import { createBounceStore } from './bounces.ts';
import type { ImportStore } from './imports.ts';
import { createImportStore } from './imports.ts';
import type { OperatorStore } from './operator.ts';
import { createOperatorStore } from './operator.ts';
import type { PreferenceStore } from './preferences.ts';
import { createPreferenceStore } from './preferences.ts';
import type { SignUpStore } from './sign-ups.ts';
import { createSignUpStore } from './sign-ups.ts';

/** The views of one open follower database, and how to close it. */
export interface FollowerStore {
  /** For the app: sign-ups, confirmations, unsubscribes, the count. */
  readonly signUps: SignUpStore;
  /** For notify: posts and the delivery ledger. */
  readonly deliveries: DeliveryStore;
  /** For the operator script: list and remove. */
  readonly operator: OperatorStore;
  /** For the preferences page: find the follower, save their choice. */
  readonly preferences: PreferenceStore;
  /** For `followers -- import`: add followers who agreed elsewhere. */
  readonly imports: ImportStore;
  /** For bounce and complaint reports: record them, suppress. */
  readonly bounces: BounceStore;
  /** Closes the database. */
  close(): void;
}

/** Opens (creating and migrating if needed) the follower database at `path` (`:memory:` for tests). */
export function openFollowerStore(path: string): FollowerStore {
  const db = openFollowerDatabase(path);
  return {
    signUps: createSignUpStore(db),
    deliveries: createDeliveryStore(db),
    operator: createOperatorStore(db),
    preferences: createPreferenceStore(db),
    imports: createImportStore(db),
    bounces: createBounceStore(db),
    close: () => db.close(),
  };
}
