import { StudioError } from '../../shared/contract';
import type { LanReplayState, lanReplayMethods } from '../../shared/contract/lan-replay-api';
import type { SessionId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import {
  classReplayWatches,
  lanReplayEnabled,
  learnerReplayWatches,
  setLanReplay,
  watchedSpans,
} from '../storage/queries/lan-replay';
import { getSession } from '../storage/queries/live/sessions';
import { coveredMs } from './replay-heartbeat';
import { replayAudience } from './replay-audience';
import { reviewTimeline } from './review-timeline';

// The educator's switch for a class's replay on its join link, and what learners watched of it
// (lan-replay-route.ts serves the replay and records the watching).

type LanReplayMethod = keyof typeof lanReplayMethods;

export function createLanReplayHandlers(deps: {
  db: () => Db;
  clock: Clock;
  /** The shareable link of a join code (null when the audience server is not serving). */
  joinUrl?: (joinCode: string) => string | null;
}): {
  [M in LanReplayMethod]: Handler<M>;
} {
  const { db, clock } = deps;
  const state = (sessionId: SessionId): LanReplayState => {
    const session = getSession(db(), sessionId);
    if (!session) throw new StudioError('NOT_FOUND', `no class ${String(sessionId)}`);
    const ended = session.status === 'ended';
    let recorded = false;
    if (session.started_at !== null) {
      const parts = reviewTimeline(db(), sessionId, clock()).class.parts;
      recorded = parts.length > 0 && parts.every((p) => p.status !== 'recording');
    }
    return {
      sessionId,
      enabled: lanReplayEnabled(db(), sessionId),
      ended,
      recorded,
      joinPath: session.join_code ? `/j/${session.join_code}` : null,
      joinUrl: session.join_code ? (deps.joinUrl?.(session.join_code) ?? null) : null,
      watchers: classReplayWatches(db(), sessionId).length,
    };
  };
  return {
    'review.replayAudience': ({ sessionId }) => {
      const session = getSession(db(), sessionId);
      if (!session || session.started_at === null) {
        throw new StudioError('NOT_FOUND', `no class ${String(sessionId)} that has started`);
      }
      return replayAudience(db(), sessionId, clock());
    },
    'review.lanReplay': ({ sessionId }) => state(sessionId),
    'review.setLanReplay': ({ sessionId, enabled }) => {
      if (!getSession(db(), sessionId)) {
        throw new StudioError('NOT_FOUND', `no class ${String(sessionId)}`);
      }
      setLanReplay(db(), sessionId, enabled, clock());
      return state(sessionId);
    },
    'review.learnerReplays': ({ learnerId }) => {
      const replays = learnerReplayWatches(db(), learnerId).flatMap((row) => {
        const sessionId = row.session_id as SessionId;
        const timeline = reviewTimeline(db(), sessionId, clock());
        const spans = watchedSpans(db(), sessionId, learnerId);
        const durationS = timeline.class.durationS;
        const durationMs = Math.round(durationS * 1_000);
        const watchedMs = coveredMs(spans);
        const chapters = timeline.chapters.map((c, i) => {
          const fromMs = Math.max(0, Math.round(c.t * 1_000));
          const next = timeline.chapters[i + 1];
          const toMs = next ? Math.round(next.t * 1_000) : durationMs;
          const length = toMs - fromMs;
          const watchedShare = length > 0 ? coveredMs(spans, fromMs, toMs) / length : 0;
          return { t: c.t, title: c.title, source: c.source, watchedShare };
        });
        return [
          {
            sessionId,
            title: timeline.class.title,
            startedAt: timeline.class.startedAt,
            durationS,
            watchedS: watchedMs / 1_000,
            share: durationMs > 0 ? Math.min(1, watchedMs / durationMs) : 0,
            firstAt: row.first_at,
            lastAt: row.last_at,
            spans: spans.map((s) => ({ fromS: s.startMs / 1_000, toS: s.endMs / 1_000 })),
            chapters,
          },
        ];
      });
      return { replays };
    },
  };
}
