import { z } from 'zod';
import { CourseId, LearnerId, OrderId } from '../model/ids';
import { ImportIssueReason } from './import-issue-reasons';

/**
 * What the import wizard (Library → Orders → Import) needs beside `imports.preview` /
 * `imports.run` (analytics-api.ts). Spread into `studioMethods` (studio-api.ts).
 *
 * - `imports.courseMatches`: the product titles of a file against the catalogue: an exact match
 *   (trimmed, case-insensitive; or a title confirmed before), else close matches to confirm.
 * - `imports.confirmCourses`: remembers "this title is that course" (course_title_aliases), so
 *   that this run and every later import of the same export link it.
 * - `imports.issues`: every stored issue of a run (up to 1,000), for the bad-rows download.
 * - `imports.undo`: removes exactly what a run created — its orders (with their lines) and the
 *   learners it created who hold nothing else. Orders that existed before the run are left as
 *   they are. Refused while an import runs.
 * - `orders.link`: links an unmatched order to a learner, or to a new learner made for it.
 */

const RowId = z.number().int().positive();
const Count = z.number().int().nonnegative();
export const COURSE_MATCH_TITLES_MAX = 500;

export const CourseCandidate = z.object({
  courseId: CourseId,
  title: z.string(),
  /** 0..1: how alike the titles are (character bigrams; containment counts as close). */
  score: z.number().min(0).max(1),
});

export const CourseMatch = z.object({
  title: z.string(),
  /** The course this title links to as it is, or null. */
  courseId: CourseId.nullable(),
  via: z.enum(['exact', 'alias']).nullable(),
  /** Without a link: the closest catalogue courses, best first (at most 3). */
  candidates: z.array(CourseCandidate),
});
export type CourseMatch = z.infer<typeof CourseMatch>;

export const ImportIssueRow = z.object({
  line: Count,
  kind: z.enum(['rejected', 'warning']),
  /** In English; `reasons` (absent in runs stored before codes) is the same, to translate. */
  reason: z.string(),
  reasons: z.array(ImportIssueReason).optional(),
  orderId: z.string().optional(),
});

export const importWizardMethods = {
  'imports.courseMatches': {
    input: z
      .object({
        titles: z.array(z.string().trim().min(1).max(500)).max(COURSE_MATCH_TITLES_MAX),
      })
      .strict(),
    output: z.array(CourseMatch),
  },
  'imports.confirmCourses': {
    input: z
      .object({
        links: z
          .array(
            z.object({ title: z.string().trim().min(1).max(500), courseId: CourseId }).strict(),
          )
          .max(COURSE_MATCH_TITLES_MAX),
      })
      .strict(),
    output: z.object({ saved: Count }),
  },
  'imports.issues': {
    input: z.object({ runId: RowId }).strict(),
    output: z.object({ fileName: z.string().nullable(), issues: z.array(ImportIssueRow) }),
  },
  'imports.undo': {
    input: z.object({ runId: RowId }).strict(),
    output: z.object({ ordersRemoved: Count, learnersRemoved: Count }),
  },
  'orders.link': {
    input: z
      .object({
        orderId: OrderId,
        /** An existing learner, or… */
        learnerId: LearnerId.optional(),
        /** …a new learner with this name. */
        newLearnerName: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .refine((v) => (v.learnerId === undefined) !== (v.newLearnerName === undefined), {
        message: 'give exactly one of learnerId or newLearnerName',
        path: ['learnerId'],
      }),
    output: z.object({ learnerId: LearnerId }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
