import type Database from 'better-sqlite3';
import { m0010 } from './0010-create-settings';
import { m0020 } from './0020-create-courses';
import { m0030 } from './0030-create-learners';
import { m0040 } from './0040-create-sessions';
import { m0050 } from './0050-create-events';
import { m0060 } from './0060-create-polls';
import { m0070 } from './0070-create-offers';
import { m0080 } from './0080-create-orders';
import { m0090 } from './0090-create-recordings';
import { m0100 } from './0100-create-imports';
import { m0110 } from './0110-session-metrics-indexes';
import { m0120 } from './0120-create-live-audience';
import { m0130 } from './0130-create-outputs';
import { m0150 } from './0150-create-learner-erasures';
import { m0160 } from './0160-create-identity-claims';

export interface Migration {
  /** Multiples of 10, strictly increasing; stored in `PRAGMA user_version` once applied. */
  version: number;
  name: string;
  up: string;
}

/** After a release these are additive only: never edit or reorder an applied step. */
export const migrations: readonly Migration[] = [
  m0010,
  m0020,
  m0030,
  m0040,
  m0050,
  m0060,
  m0070,
  m0080,
  m0090,
  m0100,
  m0110,
  m0120,
  m0130,
  m0150,
  m0160,
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `this database was written by a newer Encore Studio (schema ${found}; this version knows up to ${supported}). Update the app to open it.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Applies every pending step in one transaction; refuses a database from a newer version. */
export function migrate(db: Database.Database, steps: readonly Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = steps.at(-1)?.version ?? 0;
  if (current > latest) throw new NewerDatabaseError(current, latest);
  const pending = steps.filter((step) => step.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const step of pending) {
      db.exec(step.up);
      // PRAGMA takes no bound parameters; the version is an integer from this file, not input.
      db.pragma(`user_version = ${Math.trunc(step.version)}`);
    }
  }).immediate();
  return latest;
}
