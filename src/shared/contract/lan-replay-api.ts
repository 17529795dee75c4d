import { z } from 'zod';
import { EpochMs } from '../model/domain';
import { LearnerId, SessionId } from '../model/ids';

/**
 * Replays for learners on the LAN (issue #12): after a class has ended, its join link can serve
 * the replay (the educator switches it on per class), and what each learner watched of it is
 * recorded as merged spans of the class's timeline. Spread into `reviewMethods`.
 *
 * Live and replay are counted apart: live attendance is time connected to the class while it was
 * live (attendance rows); replay watching is time of the recording a learner played on the join
 * link afterwards (watched spans, each second counted once however often it was replayed).
 */

const Count = z.number().int().nonnegative();
const Seconds = z.number().nonnegative();

export const LanReplayState = z.object({
  sessionId: SessionId,
  enabled: z.boolean(),
  /** Whether the class has ended: the replay is served only then. */
  ended: z.boolean(),
  /** Whether it has a finished recording to serve. */
  recorded: z.boolean(),
  /** The join link's path (`/j/<code>`), when the class has one. */
  joinPath: z.string().nullable(),
  watchers: Count,
});
export type LanReplayState = z.infer<typeof LanReplayState>;

export const WatchedSpan = z.object({ fromS: Seconds, toS: Seconds });

export const LearnerReplay = z.object({
  sessionId: SessionId,
  title: z.string(),
  startedAt: EpochMs.nullable(),
  durationS: Seconds,
  watchedS: Seconds,
  /** watchedS / durationS, 0–1. */
  share: z.number().min(0).max(1),
  firstAt: EpochMs,
  lastAt: EpochMs,
  spans: z.array(WatchedSpan),
  chapters: z.array(
    z.object({ t: z.number(), title: z.string(), source: z.string(), watchedShare: z.number() }),
  ),
});
export type LearnerReplay = z.infer<typeof LearnerReplay>;

export const lanReplayMethods = {
  /** Whether the class's join link serves its replay, and how many learners watched it. */
  'review.lanReplay': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: LanReplayState,
  },
  'review.setLanReplay': {
    input: z.object({ sessionId: SessionId, enabled: z.boolean() }).strict(),
    output: LanReplayState,
  },
  /** Every class replay the learner watched on the LAN, latest first. */
  'review.learnerReplays': {
    input: z.object({ learnerId: LearnerId }).strict(),
    output: z.object({ replays: z.array(LearnerReplay) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
