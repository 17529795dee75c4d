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
  /** The whole link to share (a LAN address of this machine), when the studio is serving. */
  joinUrl: z.string().nullable(),
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

/** One learner who watched the replay: replay beside live, never mixed into the live score. */
export const ReplayAudienceLearner = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Whether they were in the class while it was live (an attendance row). */
  attendedLive: z.boolean(),
  /** Minutes connected while live (overlapping connections counted once). */
  liveMinutes: Seconds,
  /** Minutes of the recording they played on the join link, each second once. */
  replayMinutes: Seconds,
  /** Chapters of which they played at least half. */
  chaptersWatched: Count,
});
export type ReplayAudienceLearner = z.infer<typeof ReplayAudienceLearner>;

/** The class report's "Live and replay" section: who watched the replay, how much, live too. */
export const ReplayAudience = z.object({
  sessionId: SessionId,
  /** Whether the join link serves the replay now. */
  enabled: z.boolean(),
  /** Learners who were in the class live. */
  liveLearners: Count,
  /** Learners who watched the replay. */
  watchers: Count,
  /** Minutes of replay played, all watchers together. */
  replayMinutes: Seconds,
  /** Watchers who had also attended live. */
  alsoLive: Count,
  /** Answers to the class's satisfaction survey given at the end of the replay. */
  surveyAnswers: Count,
  chapters: Count,
  /** Every watcher, most replay minutes first. */
  learners: z.array(ReplayAudienceLearner),
});
export type ReplayAudience = z.infer<typeof ReplayAudience>;

export const lanReplayMethods = {
  /** Replay watching of one class, counted apart from live attendance (the class report). */
  'review.replayAudience': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: ReplayAudience,
  },
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
