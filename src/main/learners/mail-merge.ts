import type {
  FollowUpTemplates,
  MailMerge,
  MailMergeRow,
} from '../../shared/contract/follow-ups-api';
import type { Language } from '../../shared/model/domain';
import type { CourseId, LearnerId } from '../../shared/model/ids';

// The follow-up list as a mail merge (follow-ups-api.ts), as pure functions: who may be reached
// (consent, then a contact), the checkout link with the coupon, and the message from a template.

export const DEFAULT_FOLLOW_UP_TEMPLATES: FollowUpTemplates = {
  en:
    'Hi {name},\n\nThank you for learning with us. We think you would enjoy "{course}" next. ' +
    'You can enrol here: {link}\nYour coupon code: {coupon}\n\nSee you in class!',
  'zh-CN':
    '{name}，你好！\n\n感谢你一直以来的学习。我们为你推荐下一门课程《{course}》，' +
    '报名链接：{link}\n优惠码：{coupon}\n\n期待在课堂上再见！',
};

/** `{name}`, `{course}`, `{link}` and `{coupon}` replaced; any other text in braces stays. */
export function fillTemplate(
  template: string,
  values: { name: string; course: string; link: string | null; coupon: string | null },
): string {
  return template.replace(/\{(name|course|link|coupon)\}/g, (_, key: keyof typeof values) => {
    return values[key] ?? '';
  });
}

/** The checkout URL with `coupon=<code>` set (replacing one the URL had); the URL as is without. */
export function checkoutLink(url: string | null, coupon: string | null): string | null {
  if (url === null) return null;
  if (coupon === null) return url;
  try {
    const parsed = new URL(url);
    parsed.searchParams.set('coupon', coupon);
    return parsed.toString();
  } catch {
    return url;
  }
}

export interface Recommendation {
  learnerId: LearnerId;
  displayName: string;
  courseId: CourseId;
  courseTitle: string;
}

export interface ReachableContact {
  consentFollowUp: boolean;
  email: string | null;
  phone: string | null;
}

export interface CourseLink {
  checkoutUrl: string | null;
  couponCodes: readonly string[];
}

/**
 * One row per recommended learner who agreed to follow-ups (as stored now, not as the list was
 * computed) and has an email or a phone; the others are counted by reason. A learner unknown to
 * `contacts` (deleted since) counts as not consenting.
 */
export function buildMailMerge(args: {
  recommendations: readonly Recommendation[];
  contacts: ReadonlyMap<number, ReachableContact>;
  courses: ReadonlyMap<number, CourseLink>;
  template: string;
  language: Language;
}): MailMerge {
  const rows: MailMergeRow[] = [];
  let noConsent = 0;
  let noContact = 0;
  for (const rec of args.recommendations) {
    const contact = args.contacts.get(rec.learnerId);
    if (!contact?.consentFollowUp) {
      noConsent += 1;
      continue;
    }
    if (contact.email === null && contact.phone === null) {
      noContact += 1;
      continue;
    }
    const course = args.courses.get(rec.courseId);
    const coupon = course?.couponCodes[0] ?? null;
    const link = checkoutLink(course?.checkoutUrl ?? null, coupon);
    rows.push({
      learnerId: rec.learnerId,
      displayName: rec.displayName,
      email: contact.email,
      phone: contact.phone,
      courseId: rec.courseId,
      courseTitle: rec.courseTitle,
      checkoutUrl: link,
      coupon,
      message: fillTemplate(args.template, {
        name: rec.displayName,
        course: rec.courseTitle,
        link,
        coupon,
      }),
    });
  }
  return { language: args.language, rows, leftOut: { noConsent, noContact } };
}
