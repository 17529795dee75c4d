import { z } from 'zod';
import { EpochMs, SessionStatus } from '../model/domain';
import { SessionId } from '../model/ids';
import { RecordingId, RecordingStatus } from './broadcast-api';
import { ExportedFile } from './exports-api';
import { lanReplayMethods } from './lan-replay-api';

/**
 * Review (issue #12): each class's recording played back with its timeline. Every position on a
 * class's timeline is in seconds from its *origin*: the start of its first recording part (or the
 * class's start when it has no recording). A class interrupted mid-broadcast has several parts;
 * they sit on the one timeline at their own offsets, with gaps between them. Spread into
 * `studioMethods`.
 */

/** Seconds on the class's timeline (negative: before the recording began, e.g. warm-up chat). */
const Seconds = z.number();
const Count = z.number().int().nonnegative();

/** The browser host serves a part's file at this path, with HTTP Range support. */
export const RECORDING_MEDIA_PREFIX = '/media/recordings/';
export function recordingMediaPath(recordingId: number): string {
  return `${RECORDING_MEDIA_PREFIX}${String(recordingId)}`;
}

export const RecordingPart = z.object({
  recordingId: RecordingId,
  index: z.number().int().nonnegative(),
  status: RecordingStatus,
  mimeType: z.string(),
  /** Where the part begins on the timeline (0 for the first part). */
  offsetS: Seconds,
  durationS: z.number().nonnegative(),
  bytes: Count,
  /** Same-origin URL of the file (browser host), Range requests allowed. */
  url: z.string(),
});
export type RecordingPart = z.infer<typeof RecordingPart>;

export const ReviewClass = z.object({
  sessionId: SessionId,
  title: z.string(),
  courseTitle: z.string().nullable(),
  status: SessionStatus,
  startedAt: EpochMs,
  endedAt: EpochMs.nullable(),
  /** Length of the timeline: from the origin to the end of the class or its last part. */
  durationS: z.number().nonnegative(),
  /** Recorded seconds over all parts (less than durationS when there are gaps). */
  recordedS: z.number().nonnegative(),
  bytes: Count,
  parts: z.array(RecordingPart),
  /** The portrait program's recordings of the class (issue #16), beside the timeline's parts. */
  portraitParts: z.array(RecordingPart),
});
export type ReviewClass = z.infer<typeof ReviewClass>;

export const TimelineGap = z.object({ fromS: Seconds, toS: Seconds });
export const ChatLine = z.object({
  id: z.number().int(),
  t: Seconds,
  name: z.string(),
  fromHost: z.boolean(),
  text: z.string(),
});
export type ChatLine = z.infer<typeof ChatLine>;
export const QuestionLine = z.object({
  id: z.number().int(),
  t: Seconds,
  name: z.string(),
  text: z.string(),
  status: z.enum(['open', 'answered', 'dismissed']),
  upvotes: Count,
  pinnedT: Seconds.nullable(),
  answeredT: Seconds.nullable(),
});
export type QuestionLine = z.infer<typeof QuestionLine>;

export const MarkerKind = z.enum([
  'poll',
  'quiz',
  'offer',
  'offer_click',
  'pin',
  'checkin',
  'lottery',
  'announcement',
  'question',
  'scene',
]);
export type MarkerKind = z.infer<typeof MarkerKind>;
/** A thing on the timeline: where it starts (and ends, for a poll run or an offer on sale). */
export const TimelineMarker = z.object({
  kind: MarkerKind,
  t: Seconds,
  endT: Seconds.nullable(),
  label: z.string(),
  /** Figures shown with it (votes, clicks, orders, winners, ...). */
  numbers: z.record(z.string(), z.number()),
});
export type TimelineMarker = z.infer<typeof TimelineMarker>;

export const MomentKind = z.enum([
  'peak',
  'dip',
  'drop_off',
  'question_burst',
  'reaction_burst',
  'chat_burst',
  'offer_converted',
]);
export type MomentKind = z.infer<typeof MomentKind>;
/** A moment found automatically, explained by its numbers (the UI words them per kind). */
export const ReviewMoment = z.object({
  kind: MomentKind,
  t: Seconds,
  endT: Seconds,
  /** The offer's title for offer_converted; empty otherwise. */
  label: z.string(),
  numbers: z.record(z.string(), z.number()),
});
export type ReviewMoment = z.infer<typeof ReviewMoment>;

export const ChapterSource = z.enum(['saved', 'start', 'poll', 'quiz', 'offer', 'moment', 'scene']);
export const Chapter = z.object({
  t: Seconds,
  /** Empty for a suggested start chapter (the UI names it in its language). */
  title: z.string(),
  source: ChapterSource,
});
export type Chapter = z.infer<typeof Chapter>;

export const Note = z.object({ id: z.number().int().positive(), t: Seconds, text: z.string() });
export type Note = z.infer<typeof Note>;

export const REVIEW_BUCKET_S = 10;

export const ReviewTimeline = z.object({
  class: ReviewClass,
  /** Epoch ms of t = 0. */
  originAt: EpochMs,
  gaps: z.array(TimelineGap),
  bucketS: z.number().positive(),
  /** Per bucket: viewers present at its start, and time-weighted over it. */
  viewers: z.array(Count),
  averageViewers: z.array(z.number().nonnegative()),
  /** Interactions per bucket, by kind (kinds with none left out). */
  interactions: z.record(z.string(), z.array(Count)),
  chat: z.array(ChatLine),
  questions: z.array(QuestionLine),
  markers: z.array(TimelineMarker),
  moments: z.array(ReviewMoment),
  /** The saved chapters, or (when none were saved) suggestions. */
  chapters: z.array(Chapter),
  chaptersSaved: z.boolean(),
  notes: z.array(Note),
});
export type ReviewTimeline = z.infer<typeof ReviewTimeline>;

const ChapterTitle = z
  .string()
  .trim()
  .min(1, 'a chapter needs a title')
  .max(200, 'a chapter title is longer than 200 characters');
const NoteText = z
  .string()
  .trim()
  .min(1, 'the note is empty')
  .max(2000, 'a note is longer than 2,000 characters');
export const CHAPTERS_MAX = 200;
/** A clip is a highlight, not a copy of the class. */
export const CLIP_MAX_S = 2 * 60 * 60;

export const ReviewExport = ExportedFile.extend({
  mode: z.enum(['copy', 'reencode']),
  durationS: z.number().nonnegative(),
});
export type ReviewExport = z.infer<typeof ReviewExport>;

/** The Broadcast screen's scenes (a scene marker's label, a scene chapter's title). */
export const SceneName = z.enum(['pip', 'camera', 'screen']);
export type SceneName = z.infer<typeof SceneName>;

/** A replay is a folder in the exports folder (the page and its video), not one download. */
export const ReplayExport = z.object({
  /** The folder's name in the workspace's exports folder. */
  folder: z.string(),
  /** The page, in that folder (`replay.html`), and its full path on the studio's machine. */
  fileName: z.string(),
  path: z.string(),
  bytes: Count,
  /** The video files copied beside the page, in play order. */
  videos: z.array(z.string()),
  chatLines: Count,
});
export type ReplayExport = z.infer<typeof ReplayExport>;

export const reviewMethods = {
  /** Every class that has started, newest first, with its recording parts. */
  'review.list': { input: z.object({}).strict(), output: z.array(ReviewClass) },
  'review.timeline': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: ReviewTimeline,
  },
  /** Replaces the class's chapters; an empty list goes back to the suggestions. */
  'review.saveChapters': {
    input: z
      .object({
        sessionId: SessionId,
        chapters: z
          .array(z.object({ t: Seconds, title: ChapterTitle }).strict())
          .max(CHAPTERS_MAX, `at most ${String(CHAPTERS_MAX)} chapters`),
      })
      .strict(),
    output: z.object({ chapters: z.array(Chapter), chaptersSaved: z.boolean() }),
  },
  'review.addNote': {
    input: z.object({ sessionId: SessionId, t: Seconds, text: NoteText }).strict(),
    output: Note,
  },
  'review.deleteNote': {
    input: z.object({ sessionId: SessionId, noteId: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /**
   * A clip of a range inside one recorded part, into the workspace's exports folder: stream copy
   * when the range starts on a keyframe, re-encoded otherwise. Progress: `review.exportProgress`.
   */
  'review.exportClip': {
    input: z
      .object({ sessionId: SessionId, fromS: z.number().nonnegative(), toS: z.number().positive() })
      .strict(),
    output: ReviewExport,
  },
  /** The whole class as one MP4 (video copied, AAC audio) with its chapters embedded. */
  'review.prepareUpload': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: ReviewExport,
  },
  /**
   * The Broadcast screen tells the core each scene it switches to while the class is live (and
   * the scene it goes live with); Review shows them. A repeat of the scene in force is ignored.
   */
  'review.recordScene': {
    input: z.object({ sessionId: SessionId, scene: SceneName }).strict(),
    output: z.object({ recorded: z.boolean() }),
  },
  /**
   * The offline replay for learners: one self-contained HTML file with the recording's parts
   * copied beside it, chat and chapters in sync; no contact details, no learner ids; with
   * `anonymise` the viewers' names become "Viewer 1", "Viewer 2", ...
   */
  'review.exportReplay': {
    input: z.object({ sessionId: SessionId, anonymise: z.boolean() }).strict(),
    output: ReplayExport,
  },
  ...lanReplayMethods,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const reviewEvents = {
  'review.exportProgress': z.object({
    sessionId: SessionId,
    kind: z.enum(['clip', 'upload']),
    fraction: z.number().min(0).max(1),
  }),
} as const satisfies Record<string, z.ZodType>;
