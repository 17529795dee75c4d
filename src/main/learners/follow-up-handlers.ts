import { FollowUpTemplates, type followUpMethods } from '../../shared/contract/follow-ups-api';
import { ANALYTICS_PAGE_MAX } from '../../shared/contract/analytics-api';
import type { Language } from '../../shared/model/domain';
import type { AnalyticsHandlerMap } from '../insights/analytics-handlers';
import type { Db } from '../storage/connection';
import { storedCourse } from '../storage/queries/catalogue';
import { followUpContacts } from '../storage/queries/follow-up-contacts';
import { getSetting, putSetting } from '../storage/queries/settings';
import type { Clock } from '../kernel/clock';
import {
  DEFAULT_FOLLOW_UP_TEMPLATES,
  buildMailMerge,
  type CourseLink,
  type ReachableContact,
  type Recommendation,
} from './mail-merge';
import type { Handler } from '../kernel/router';

// follow-ups-api.ts: the follow-up list (analytics.recommendations) as a mail merge, and the
// message templates (a workspace preference in the settings table).

type FollowUpMethod = keyof typeof followUpMethods;
export type FollowUpHandlerMap = { [M in FollowUpMethod]: Handler<M> };

export interface FollowUpDeps {
  db: () => Db;
  analytics: Pick<AnalyticsHandlerMap, 'analytics.recommendations'>;
  language: () => Language;
  clock: Clock;
}

export const FOLLOW_UP_TEMPLATES_KEY = 'followUp.messageTemplates';
/** Bounds the pages read from the follow-up list (500 × 400 = 200,000 learners). */
const MAX_PAGES = 400;

/** The stored templates, the defaults where none (or something unreadable) is stored. */
export function storedTemplates(db: Db): FollowUpTemplates {
  const parsed = FollowUpTemplates.partial().safeParse(getSetting(db, FOLLOW_UP_TEMPLATES_KEY));
  const stored = parsed.success ? parsed.data : {};
  return { ...DEFAULT_FOLLOW_UP_TEMPLATES, ...stored };
}

/** Stores one language's template (the other stays as it was); returns both. */
export function saveTemplate(
  db: Db,
  args: { language: Language; text: string; at: number },
): FollowUpTemplates {
  const next = { ...storedTemplates(db), [args.language]: args.text };
  putSetting(db, { key: FOLLOW_UP_TEMPLATES_KEY, value: next, at: args.at });
  return next;
}

export function createFollowUpHandlers(deps: FollowUpDeps): FollowUpHandlerMap {
  return {
    'followUps.templates': () => ({
      templates: storedTemplates(deps.db()),
      defaults: DEFAULT_FOLLOW_UP_TEMPLATES,
    }),
    'followUps.saveTemplate': ({ language, text }) =>
      saveTemplate(deps.db(), { language, text, at: deps.clock() }),
    'followUps.mailMerge': async ({ sessionId, language }, ctx) => {
      const recommendations: Recommendation[] = [];
      for (let page = 0, offset = 0; page < MAX_PAGES; page += 1, offset += ANALYTICS_PAGE_MAX) {
        const list = await deps.analytics['analytics.recommendations'](
          { limit: ANALYTICS_PAGE_MAX, offset, ...(sessionId === undefined ? {} : { sessionId }) },
          ctx,
        );
        recommendations.push(...list.rows);
        if (list.rows.length === 0 || recommendations.length >= list.total) break;
      }
      const db = deps.db();
      const contacts = new Map<number, ReachableContact>(
        followUpContacts(
          db,
          recommendations.map((r) => r.learnerId),
        ).map((row) => [
          row.id,
          { consentFollowUp: row.consent_follow_up === 1, email: row.email, phone: row.phone },
        ]),
      );
      const courses = new Map<number, CourseLink>();
      for (const { courseId } of recommendations) {
        if (courses.has(courseId)) continue;
        const course = storedCourse(db, courseId);
        courses.set(courseId, {
          checkoutUrl: course?.checkoutUrl ?? null,
          couponCodes: course?.couponCodes ?? [],
        });
      }
      const lang = language ?? deps.language();
      return buildMailMerge({
        recommendations,
        contacts,
        courses,
        template: storedTemplates(db)[lang],
        language: lang,
      });
    },
  };
}
