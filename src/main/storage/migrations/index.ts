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
import { m0160 } from './0160-viewer-scoped-actions';
import { m0170 } from './0170-create-identity-claims';
import { m0180 } from './0180-course-catalogue';
import { m0190 } from './0190-create-class-schedules';
import { m0200 } from './0200-import-undo-and-course-aliases';
import { m0210 } from './0210-create-review';
import { m0220 } from './0220-create-satisfaction-surveys';
import { m0230 } from './0230-offer-experiments-and-personal-offers';
import { m0240 } from './0240-create-scene-changes';
import { m0270 } from './0270-create-lan-replay';
import { m0300 } from './0300-recording-canvas';
import { m0310 } from './0310-create-class-points';
import { m0320 } from './0320-survey-at-end';
import { m0330 } from './0330-survey-answers-from-replay';
import { m0340 } from './0340-events-learner-kind-index';
import { m0350 } from './0350-events-session-learner-kind-index';
import { m0360 } from './0360-orders-paid-learner-index';
import { m0370 } from './0370-orders-fingerprint-indexes';

export interface Migration {
  /** Multiples of 10, strictly increasing; stored in `PRAGMA user_version` once applied. */
  version: number;
  name: string;
  up: string;
  /**
   * A step that rebuilds a table other tables reference (SQLite cannot drop a constraint): it runs
   * with foreign-key enforcement off, so that dropping the old table neither cascades nor fails,
   * and the whole migration is checked with `foreign_key_check` before it commits.
   */
  rebuildsTables?: true;
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
  m0170,
  m0180,
  m0190,
  m0200,
  m0210,
  m0220,
  m0230,
  m0240,
  m0270,
  m0300,
  m0310,
  m0320,
  m0330,
  m0340,
  m0350,
  m0360,
  m0370,
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
  // `foreign_keys` cannot change inside a transaction: it is switched around it (SQLite's
  // documented procedure for table rebuilds), and restored whatever happens.
  const rebuilds = pending.some((step) => step.rebuildsTables);
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (rebuilds && enforced) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const step of pending) {
        db.exec(step.up);
        // PRAGMA takes no bound parameters; the version is an integer from this file, not input.
        db.pragma(`user_version = ${Math.trunc(step.version)}`);
      }
      if (rebuilds) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) {
          throw new Error(
            `migration left ${String(broken.length)} rows whose foreign keys point nowhere`,
          );
        }
      }
    }).immediate();
  } finally {
    if (rebuilds && enforced) db.pragma('foreign_keys = ON');
  }
  return latest;
}
