import type { FollowUp } from '../../../shared/contract/analytics-api';
import type { CourseId, LearnerId, SessionId } from '../../../shared/model/ids';
import type { ReplayOfferMiss } from '../../storage/queries/lan-replay';
import type { CustomerBase } from './customer-base';

// The follow-up reason "watched the replay past the offer, did not buy" (issue #12): a learner
// whose LAN replay watching covered the moment an offer was pushed in the class, with no order of
// that course (storage/queries/lan-replay.ts replayOfferMisses). It is a stronger signal than any
// model's guess, so it takes the learner's row in the follow-up list, ahead of the recommender's.

/** The score a replay follow-up sorts by: above every recommender score (those are ≤ 1). */
export const REPLAY_OFFER_SCORE = 1;

function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return `${String(m)}:${rest < 10 ? '0' : ''}${String(rest)}`;
}

/** The reason in words, in the caller's language. */
export function replayOfferText(
  miss: { sessionTitle: string; offerAtMs: number },
  language: 'en' | 'zh-CN',
): string {
  const at = clock(miss.offerAtMs / 1_000);
  return language === 'en'
    ? `Watched the replay of “${miss.sessionTitle}” past the offer of this course (at ${at}) and did not buy it`
    : `看了《${miss.sessionTitle}》的回放，看过了这门课的优惠（${at}），但没有购买`;
}

/**
 * One follow-up row per learner with a replay miss (their latest), for the learners of `base`;
 * the caller merges them over the recommender's rows.
 */
export function replayFollowUps(
  base: CustomerBase,
  misses: readonly ReplayOfferMiss[],
  language: 'en' | 'zh-CN',
  rfmSegmentOf: (learnerId: number) => FollowUp['rfmSegment'],
): Map<number, FollowUp> {
  const rows = new Map<number, FollowUp>();
  for (const miss of misses) {
    if (rows.has(miss.learnerId)) continue;
    const info = base.learners.get(miss.learnerId);
    const courseTitle = base.courses.get(miss.courseId);
    if (!info || courseTitle === undefined) continue;
    rows.set(miss.learnerId, {
      learnerId: info.id as LearnerId,
      displayName: info.displayName,
      courseId: miss.courseId as CourseId,
      courseTitle,
      score: REPLAY_OFFER_SCORE,
      reason: {
        kind: 'replayOffer',
        sessionId: miss.sessionId as SessionId,
        sessionTitle: miss.sessionTitle,
        offerAtS: miss.offerAtMs / 1_000,
      },
      text: replayOfferText(miss, language),
      consentFollowUp: info.consentFollowUp,
      contact: info.consentFollowUp ? { hasEmail: info.hasEmail, hasPhone: info.hasPhone } : null,
      rfmSegment: rfmSegmentOf(miss.learnerId),
    });
  }
  return rows;
}
