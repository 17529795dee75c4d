import { z } from 'zod';
import { EpochMs, SessionStatus } from '../model/domain';
import { CourseId, SessionId } from '../model/ids';

/**
 * Classes ahead of time: a class is scheduled days before it runs, with its join link, code and
 * QR at once (so they can be shared), a calendar file for learners, and a warm-up window (the
 * audience room opens `warmupMinutes` before the start). Spread into `studioMethods`.
 */

export const PLANNED_MINUTES_MIN = 5;
export const PLANNED_MINUTES_MAX = 12 * 60;
export const WARMUP_MINUTES_MAX = 120;
export const WARMUP_MINUTES_DEFAULT = 15;

const Title = z
  .string()
  .trim()
  .min(1, 'the title is empty')
  .max(200, 'the title is longer than 200 characters');
const PlannedMinutes = z
  .number()
  .int('the length is a whole number of minutes')
  .min(PLANNED_MINUTES_MIN, `a class lasts at least ${String(PLANNED_MINUTES_MIN)} minutes`)
  .max(
    PLANNED_MINUTES_MAX,
    `a class lasts at most 12 hours (${String(PLANNED_MINUTES_MAX)} minutes)`,
  );
const WarmupMinutes = z
  .number()
  .int('the warm-up is a whole number of minutes')
  .min(0, 'the warm-up cannot be negative')
  .max(WARMUP_MINUTES_MAX, `the warm-up opens at most ${String(WARMUP_MINUTES_MAX)} minutes early`);

export const ScheduledClass = z.object({
  sessionId: SessionId,
  title: z.string(),
  courseId: CourseId.nullable(),
  courseTitle: z.string().nullable(),
  status: SessionStatus,
  startsAt: EpochMs,
  endsAt: EpochMs,
  plannedMinutes: z.number().int(),
  warmupMinutes: z.number().int(),
  /** When the audience room opens for the warm-up chat. */
  opensAt: EpochMs,
  /** The calendar SEQUENCE: 0 when scheduled, one more on each change. */
  sequence: z.number().int().nonnegative(),
  cancelledAt: EpochMs.nullable(),
  joinCode: z.string(),
  /** The first address learners can open (LAN first); null until the audience port is bound. */
  joinUrl: z.string().nullable(),
});
export type ScheduledClass = z.infer<typeof ScheduledClass>;

export const ShareInfo = z.object({
  sessionId: SessionId,
  joinCode: z.string(),
  urls: z.array(z.object({ address: z.string(), url: z.string() })),
  /** An SVG QR code of the first URL, when the optional `qrcode` package is installed. */
  qrSvg: z.string().nullable(),
});
export type ShareInfo = z.infer<typeof ShareInfo>;

export const CalendarFile = z.object({ fileName: z.string(), content: z.string() });
export type CalendarFile = z.infer<typeof CalendarFile>;

const classRef = z.object({ sessionId: SessionId }).strict();

export const scheduleMethods = {
  'session.schedule': {
    input: z
      .object({
        courseId: CourseId.nullable().optional(),
        title: Title,
        startsAt: EpochMs,
        plannedMinutes: PlannedMinutes,
        warmupMinutes: WarmupMinutes.default(WARMUP_MINUTES_DEFAULT),
      })
      .strict(),
    output: ScheduledClass,
  },
  /** Edits a class that has not started; only the fields given change. */
  'session.reschedule': {
    input: z
      .object({
        sessionId: SessionId,
        courseId: CourseId.nullable().optional(),
        title: Title.optional(),
        startsAt: EpochMs.optional(),
        plannedMinutes: PlannedMinutes.optional(),
        warmupMinutes: WarmupMinutes.optional(),
      })
      .strict(),
    output: ScheduledClass,
  },
  'session.cancel': { input: classRef, output: ScheduledClass },
  /** Planned classes that are not over yet, soonest first (cancelled ones left out). */
  'session.upcoming': {
    input: z.object({ courseId: CourseId.optional() }).strict(),
    output: z.array(ScheduledClass),
  },
  /** The join code, links and QR of a planned class, without opening its room. */
  'session.share': { input: classRef, output: ShareInfo },
  /** An RFC 5545 calendar file of one class (METHOD:CANCEL once it is cancelled). */
  'session.ics': { input: classRef, output: CalendarFile },
  /** A calendar file of a course's upcoming classes (cancelled ones as CANCELLED events). */
  'course.ics': { input: z.object({ courseId: CourseId }).strict(), output: CalendarFile },
} as const;
