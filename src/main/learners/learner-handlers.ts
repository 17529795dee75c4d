import { StudioError } from '../../shared/contract/errors';
import type { ContactConflict, learnerMethods } from '../../shared/contract/learners-api';
import type { LearnerId, SessionId } from '../../shared/model/ids';
import { maskEmail, maskPhone } from '../../shared/model/identity';
import {
  conflictById,
  getClaim,
  grantClaim,
  listConflicts,
  mergeClaim,
  rejectClaim,
  type ConflictRow,
} from '../storage/queries/identity-claims';
import type { AudienceServer } from '../audience/audience-server';
import type { Db } from '../storage/connection';
import { hasActiveSession, openClassesOf } from '../storage/queries/live/sessions';
import { vacuumAndCheckpoint } from '../storage/queries/maintenance';
import {
  eraseLearnerData,
  exportLearnerData,
  learnerExists,
  sessionsAttendedBy,
} from '../storage/learner-data';
import { removeSessionExports } from '../exports/report-export';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Logger } from '../kernel/logger';
import type { Handler } from '../kernel/router';

// Data-subject requests (learners-api.ts): export and delete one learner's data. The work itself
// is storage/learner-data.ts; this decides when it is safe.
//
// A deletion runs on the studio's one writable connection (the one the audience hubs write
// through), in one transaction. It is refused, not queued, while:
// - the learner belongs to a class whose room is open (live, paused, or a warm-up with its hub
//   open): the hub holds their viewer, votes, question and presence in memory and would write
//   them back, or show a deleted question to the class. After the class ends it can go ahead.
// - an order import is writing: it resolves buyers to learners batch by batch and could link an
//   order to them, or re-create them, in the middle of the deletion's aftermath.
// Merging a claimant into the learner who holds the contact detail they typed (a contact
// conflict resolved as "same person") removes the claimant the same way, so it is refused in the
// same cases; rejecting a claim changes no learner and is always allowed.

type LearnerMethod = keyof typeof learnerMethods;
export type LearnerHandlerMap = { [M in LearnerMethod]: Handler<M> };

export interface LearnerDeps {
  db: () => Db;
  /** The open workspace's folder (its exported reports are in exports/). */
  workspaceDir: () => string;
  audience: () => AudienceServer;
  clock: Clock;
  emit: EventBus['emit'];
  logger: Logger;
  importRunning: () => boolean;
  /** Drops the analytics' in-memory copies of learners (the worker's caches). */
  forgetCachedData: () => void;
}

/**
 * Rewrites the database file when no class is open, so that nothing of the deleted rows stays in
 * it. secure_delete (storage/learner-data.ts) zeroes the deleted cells themselves, but copies a
 * b-tree made while balancing pages long before can linger in a page's unused space; VACUUM
 * leaves none, and the TRUNCATE checkpoint empties the WAL of older page images. It blocks the
 * one writer for as long as it takes (about 0.1 s for the demo workspace, seconds for hundreds of
 * thousands of orders), so it is not done while a class is open: the audience's acknowledgements
 * would wait. Then the file is compacted by the next deletion made with no class open.
 */
function compactWhenQuiet(db: Db, audience: AudienceServer): boolean {
  if (hasActiveSession(db) || audience.openSessionIds().length > 0) return false;
  vacuumAndCheckpoint(db);
  return true;
}

function toConflict(row: ConflictRow): ContactConflict {
  return {
    claimId: row.claim_id,
    kind: row.kind,
    // Masked here, in the core: the whole address never leaves it through this method.
    hint: row.kind === 'email' ? maskEmail(row.value) : maskPhone(row.value),
    claimedAt: row.claimed_at,
    claimant: { learnerId: row.claimant_id as LearnerId, displayName: row.claimant_name },
    session:
      row.session_id === null
        ? null
        : { id: row.session_id as SessionId, title: row.session_title ?? '' },
    holder:
      row.holder_id === null
        ? null
        : {
            learnerId: row.holder_id as LearnerId,
            displayName: row.holder_name ?? '',
            since: row.held_since ?? 0,
            orders: row.holder_orders,
          },
    rivalClaims: row.rival_claims,
  };
}

export function createLearnerHandlers(deps: LearnerDeps): LearnerHandlerMap {
  return {
    'learner.export': ({ learnerId }) => {
      const data = exportLearnerData(deps.db(), learnerId, deps.clock());
      if (!data) throw new StudioError('NOT_FOUND', `no learner with id ${learnerId}`);
      return { ...data, learner: { ...data.learner, id: learnerId } };
    },

    'learner.delete': ({ learnerId, confirmName }) => {
      const db = deps.db();
      const learner = learnerExists(db, learnerId);
      if (!learner) throw new StudioError('NOT_FOUND', `no learner with id ${learnerId}`);
      if (confirmName.trim() !== learner.display_name.trim()) {
        throw new StudioError(
          'BAD_INPUT',
          "confirmName does not match the learner's display name: nothing was deleted",
        );
      }
      const open = openClassesOf(db, learnerId, deps.audience().openSessionIds());
      if (open.length > 0) {
        throw new StudioError(
          'CONFLICT',
          `this learner is in a class that is still open (${open
            .map((s) => `“${s.title}”`)
            .join(', ')}): end the class (or close its survey at End) first, then delete them`,
        );
      }
      if (deps.importRunning()) {
        throw new StudioError(
          'CONFLICT',
          'an order import is running: wait for it to finish, then delete the learner',
        );
      }
      const attended = sessionsAttendedBy(db, learnerId);
      const summary = eraseLearnerData(db, learnerId, deps.clock());
      if (!summary) throw new StudioError('NOT_FOUND', `no learner with id ${learnerId}`);
      const exportsRemoved = removeSessionExports(deps.workspaceDir(), attended);
      deps.forgetCachedData();
      const fileCompacted = compactWhenQuiet(db, deps.audience());
      deps.logger.info(
        {
          erasureId: summary.erasureId,
          deleted: summary.deleted,
          fileCompacted,
          exportsRemoved: exportsRemoved.length,
        },
        'learner data deleted on request',
      );
      deps.emit('learner.deleted', { learnerId, deletedAt: summary.erasedAt });
      return {
        learnerId,
        erasureId: summary.erasureId,
        deletedAt: summary.erasedAt,
        deleted: summary.deleted,
        scrubbed: summary.scrubbed,
        fileCompacted,
        exportsRemoved,
      };
    },

    'learner.conflicts': ({ limit, offset }) => {
      const page = listConflicts(deps.db(), { limit, offset });
      return { total: page.total, conflicts: page.rows.map(toConflict) };
    },

    'learner.resolveConflict': ({ claimId, resolution }) => {
      const db = deps.db();
      const claim = getClaim(db, claimId);
      if (!claim) throw new StudioError('NOT_FOUND', `no contact claim with id ${claimId}`);
      const conflict = conflictById(db, claimId);
      if (claim.status !== 'open' || !conflict) {
        throw new StudioError(
          'CONFLICT',
          claim.status === 'open'
            ? 'this claim is no longer in conflict with anyone: nothing to resolve'
            : `this claim was already resolved (${claim.status})`,
        );
      }
      const now = deps.clock();
      let learnerId = claim.learner_id;
      let mergedLearnerId: number | null = null;
      if (resolution === 'not-same-person') {
        rejectClaim(db, claimId, now);
      } else if (conflict.holder_id === null) {
        grantClaim(db, claim, now);
        // Unlinked orders with the value may now be theirs.
        deps.forgetCachedData();
      } else {
        const involved = [claim.learner_id, conflict.holder_id];
        const open = involved.flatMap((id) =>
          openClassesOf(db, id, deps.audience().openSessionIds()),
        );
        if (open.length > 0) {
          throw new StudioError(
            'CONFLICT',
            `a learner to merge is in a class that is still open (${[
              ...new Set(open.map((s) => `“${s.title}”`)),
            ].join(', ')}): end the class (or close its survey at End) first, then merge`,
          );
        }
        if (deps.importRunning()) {
          throw new StudioError(
            'CONFLICT',
            'an order import is running: wait for it to finish, then merge',
          );
        }
        mergeClaim(db, claim, conflict.holder_id, now);
        mergedLearnerId = claim.learner_id;
        learnerId = conflict.holder_id;
        deps.forgetCachedData();
      }
      deps.logger.info(
        { claimId, resolution, learnerId, mergedLearnerId },
        'contact conflict resolved',
      );
      const result = {
        claimId,
        learnerId: learnerId as LearnerId,
        mergedLearnerId: mergedLearnerId as LearnerId | null,
      };
      deps.emit('learner.conflictResolved', result);
      return { ...result, status: resolution === 'not-same-person' ? 'rejected' : 'merged' };
    },
  };
}
