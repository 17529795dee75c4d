import { StudioError } from '../../shared/contract/errors';
import type { importWizardMethods } from '../../shared/contract/import-wizard-api';
import type { LearnerId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import {
  catalogueTitles,
  courseExists,
  courseTitleAliases,
  importRunForUndo,
  insertLearnerByHand,
  learnerExistsById,
  orderLearner,
  saveCourseTitleAlias,
  undoImportRun,
} from '../storage/queries/import-wizard';
import { linkUnmatchedOrder } from '../storage/queries/imports';
import { matchCourseTitles } from './course-match';
import type { ImportIssueReason } from '../../shared/contract/import-issue-reasons';

// The import wizard's methods beside imports.preview / imports.run (import-wizard-api.ts).

type WizardMethod = keyof typeof importWizardMethods;
export type ImportWizardHandlerMap = { [M in WizardMethod]: Handler<M> };

export interface ImportWizardDeps {
  db: () => Db;
  clock: Clock;
  forgetCachedData: () => void;
  /** Orders changed (an undo): the analytics warm-up follows. */
  dataChanged?: () => void;
  /** Undo and linking wait for a running import (it writes the same rows). */
  importRunning: () => boolean;
}

interface StoredIssue {
  line: number;
  kind: 'rejected' | 'warning';
  reason: string;
  reasons?: ImportIssueReason[];
  orderId?: string;
}

export function createImportWizardHandlers(deps: ImportWizardDeps): ImportWizardHandlerMap {
  const { db, clock, forgetCachedData, importRunning } = deps;
  const refuseWhileImporting = (): void => {
    if (importRunning()) {
      throw new StudioError('CONFLICT', 'an import is running: wait for it or cancel it');
    }
  };

  return {
    'imports.courseMatches': ({ titles }) => {
      const current = db();
      return matchCourseTitles(titles, catalogueTitles(current), courseTitleAliases(current));
    },

    'imports.confirmCourses': ({ links }) => {
      const current = db();
      const at = clock();
      current.transaction(() => {
        for (const link of links) {
          if (!courseExists(current, link.courseId)) {
            throw new StudioError('NOT_FOUND', `no course ${String(link.courseId)}`);
          }
          saveCourseTitleAlias(current, { title: link.title, courseId: link.courseId, at });
        }
      })();
      return { saved: links.length };
    },

    'imports.issues': ({ runId }) => {
      const run = importRunForUndo(db(), runId);
      if (!run) throw new StudioError('NOT_FOUND', `no import run ${String(runId)}`);
      return { fileName: run.file_name, issues: JSON.parse(run.errors) as StoredIssue[] };
    },

    'imports.undo': ({ runId }) => {
      refuseWhileImporting();
      const current = db();
      const result = current
        .transaction(() => {
          const run = importRunForUndo(current, runId);
          if (!run) throw new StudioError('NOT_FOUND', `no import run ${String(runId)}`);
          if (run.status === 'running') {
            throw new StudioError('CONFLICT', 'this import is still running: cancel it first');
          }
          if (run.undone_at !== null) {
            throw new StudioError('CONFLICT', 'this import has already been undone');
          }
          return undoImportRun(current, runId, clock());
        })
        .immediate();
      // Learners may have gone: the analytics worker must not keep them in its caches.
      if (result.learnersRemoved > 0) forgetCachedData();
      deps.dataChanged?.();
      return result;
    },

    'orders.link': ({ orderId, learnerId, newLearnerName }) => {
      refuseWhileImporting();
      const current = db();
      const linked = current
        .transaction((): number => {
          const order = orderLearner(current, orderId);
          if (!order) throw new StudioError('NOT_FOUND', `no order ${String(orderId)}`);
          if (order.learner_id !== null) {
            throw new StudioError('CONFLICT', 'this order is already linked to a learner');
          }
          let target: number;
          if (learnerId !== undefined) {
            if (!learnerExistsById(current, learnerId)) {
              throw new StudioError('NOT_FOUND', `no learner ${String(learnerId)}`);
            }
            target = learnerId;
          } else {
            target = insertLearnerByHand(current, newLearnerName ?? '', clock());
          }
          if (!linkUnmatchedOrder(current, { orderId, learnerId: target })) {
            throw new StudioError('CONFLICT', 'this order is already linked to a learner');
          }
          return target;
        })
        .immediate();
      return { learnerId: linked as LearnerId };
    },
  };
}
