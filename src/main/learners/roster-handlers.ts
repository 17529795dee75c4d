import { StudioError } from '../../shared/contract/errors';
import {
  ROSTER_ISSUES_LISTED,
  type RosterConflict,
  type RosterResult,
  type rosterMethods,
} from '../../shared/contract/roster-api';
import type { LearnerId } from '../../shared/model/ids';
import { withImportFile } from '../insights/analytics-handlers';
import { ImportError } from '../imports/errors';
import { openRoster, previewRoster, type RosterRow } from '../imports/roster';
import { englishProblem } from '../../shared/contract/import-problems';
import type { Db } from '../storage/connection';
import { mergeRosterRow } from '../storage/queries/roster';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Logger } from '../kernel/logger';
import type { Handler } from '../kernel/router';

// Learner roster import (roster-api.ts). The file is read with the order import's reader on this
// thread (a roster is a list of people, far smaller than an order history; the reader holds it to
// the same caps); rows are written in transactions of ROSTER_BATCH_ROWS with a turn of the event
// loop between them, so that a live class keeps its writes flowing. One roster import at a time.

type RosterMethod = keyof typeof rosterMethods;
export type RosterHandlerMap = { [M in RosterMethod]: Handler<M> };

export interface RosterDeps {
  db: () => Db;
  clock: Clock;
  emit: EventBus['emit'];
  logger: Logger;
}

const ROSTER_BATCH_ROWS = 500;
/** Recorded as the source of new learners' names (`roster 1234` for an id-only row). */
const ROSTER_SOURCE = 'roster';

function badInput(error: unknown): never {
  if (error instanceof ImportError) {
    throw new StudioError('BAD_INPUT', `${error.code}: ${error.message}`);
  }
  throw error;
}

export function createRosterHandlers(deps: RosterDeps): RosterHandlerMap {
  let running = false;
  return {
    'roster.preview': async (input) =>
      withImportFile(input, async (file) => {
        try {
          return await previewRoster({
            file,
            format: input.format,
            mapping: input.mapping,
            defaultCountryCode: input.defaultCountryCode,
            rows: input.rows,
          });
        } catch (error) {
          return badInput(error);
        }
      }),

    'roster.import': async (input) => {
      if (running) throw new StudioError('CONFLICT', 'a roster import is running: wait for it');
      running = true;
      try {
        return await withImportFile(input, async (file) => {
          const read = await openRoster({
            file,
            format: input.format,
            mapping: input.mapping,
            defaultCountryCode: input.defaultCountryCode,
          }).catch(badInput);
          if (read.problem !== null)
            throw new StudioError('BAD_INPUT', englishProblem(read.problem));
          if (read.columns.platformId !== null && input.platform === undefined) {
            throw new StudioError(
              'BAD_INPUT',
              'name the platform the platform ids come from (or do not import that column)',
            );
          }
          const result: RosterResult = {
            rowsRead: 0,
            created: 0,
            merged: 0,
            unchanged: 0,
            conflicted: 0,
            bad: 0,
            conflicts: [],
            badRows: [],
          };
          const db = deps.db();
          const now = deps.clock();
          const write = db.transaction((batch: RosterRow[]) => {
            for (const row of batch) {
              const done = mergeRosterRow(db, row, {
                platform: input.platform ?? null,
                source: ROSTER_SOURCE,
                now,
              });
              result[done.outcome] += 1;
              for (const c of done.conflicts) {
                if (result.conflicts.length >= ROSTER_ISSUES_LISTED) break;
                const conflict: RosterConflict = {
                  line: row.line,
                  ...c,
                  learnerId: c.learnerId as LearnerId,
                  other: c.other
                    ? {
                        learnerId: c.other.learnerId as LearnerId,
                        displayName: c.other.displayName,
                      }
                    : null,
                };
                result.conflicts.push(conflict);
              }
            }
          });
          // The whole file is read and checked before anything is written (as order imports
          // are): a file that turns out unreadable part-way (an unclosed quote) writes nothing.
          const good: RosterRow[] = [];
          try {
            for await (const row of read.rows) {
              result.rowsRead += 1;
              if (row.problems.length === 0) {
                good.push(row);
                continue;
              }
              result.bad += 1;
              if (result.badRows.length < ROSTER_ISSUES_LISTED) {
                result.badRows.push({
                  line: row.line,
                  problems: row.problems,
                  reasons: row.reasons,
                });
              }
            }
          } catch (error) {
            badInput(error);
          }
          for (let at = 0; at < good.length; at += ROSTER_BATCH_ROWS) {
            if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
            write.immediate(good.slice(at, at + ROSTER_BATCH_ROWS));
          }
          deps.logger.info(
            {
              created: result.created,
              merged: result.merged,
              conflicted: result.conflicted,
              bad: result.bad,
            },
            'roster imported',
          );
          deps.emit('roster.imported', {
            created: result.created,
            merged: result.merged,
            conflicted: result.conflicted,
          });
          return result;
        });
      } finally {
        running = false;
      }
    },
  };
}
