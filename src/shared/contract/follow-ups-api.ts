import { z } from 'zod';
import { Language } from '../model/domain';
import { CourseId, LearnerId, SessionId } from '../model/ids';

/**
 * Follow-ups that reach people: the follow-up list (analytics.recommendations) as a mail-merge
 * file. This is the only place contact details leave the studio besides a learner's own data
 * export: only learners who agreed to follow-ups (learners.consent_follow_up) and have an email
 * or a phone are in it; the others are counted as left out, with the reason. Each row carries the
 * recommended course, its checkout URL with the course's first default coupon, and a message
 * drafted from the educator's template (one per language, a workspace preference). Spread into
 * `studioMethods`.
 */

export const FOLLOW_UP_TEMPLATE_MAX_CHARS = 2_000;
/** Placeholders a template may use; anything else in braces stays as written. */
export const FOLLOW_UP_PLACEHOLDERS = ['name', 'course', 'link', 'coupon'] as const;

const Count = z.number().int().nonnegative();
const TemplateText = z
  .string()
  .trim()
  .min(1, 'the message template is empty')
  .max(
    FOLLOW_UP_TEMPLATE_MAX_CHARS,
    `the message template is longer than ${String(FOLLOW_UP_TEMPLATE_MAX_CHARS)} characters`,
  );

export const FollowUpTemplates = z.object({ en: z.string(), 'zh-CN': z.string() });
export type FollowUpTemplates = z.infer<typeof FollowUpTemplates>;

export const MailMergeRow = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  courseId: CourseId,
  courseTitle: z.string(),
  /** The course's checkout URL with `coupon` set, or null when the course has no URL. */
  checkoutUrl: z.string().nullable(),
  coupon: z.string().nullable(),
  message: z.string(),
});
export type MailMergeRow = z.infer<typeof MailMergeRow>;

export const MailMerge = z.object({
  language: Language,
  rows: z.array(MailMergeRow),
  /** Learners on the follow-up list who are not in the file, by reason. */
  leftOut: z.object({ noConsent: Count, noContact: Count }),
});
export type MailMerge = z.infer<typeof MailMerge>;

export const followUpMethods = {
  'followUps.templates': {
    input: z.object({}).strict(),
    /** The educator's templates, or the defaults where they wrote none. */
    output: z.object({ templates: FollowUpTemplates, defaults: FollowUpTemplates }),
  },
  'followUps.saveTemplate': {
    input: z.object({ language: Language, text: TemplateText }).strict(),
    output: FollowUpTemplates,
  },
  'followUps.mailMerge': {
    input: z
      .object({
        /** Only this class's attendees. */
        sessionId: SessionId.optional(),
        /** The template's language; the studio's language when not given. */
        language: Language.optional(),
      })
      .strict(),
    output: MailMerge,
  },
} as const;
