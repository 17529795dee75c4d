import type { CustomersReport } from '../../../shared/contract/analytics-api';
import type { Language } from '../../../shared/model/domain';
import { findInsights, renderInsight, type InsightLabels } from '../../analytics/insights';
import {
  REPURCHASE_AFTER_SURVEY_DAYS,
  satisfactionOutcomeRows,
} from '../../analytics/satisfaction';
import type { Db } from '../../storage/connection';
import { allSatisfactionAnswers } from '../../storage/queries/satisfaction';
import { readSatisfactionWeights } from '../satisfaction-weights';

// The Findings' satisfaction comparison: among learners who answered an end-of-class survey, did
// the satisfied ones (S ≥ 4 with the workspace's weights) buy again more often? The same rules as
// every finding (findInsights: 20 learners a group at least, two-proportion z-test, p < 0.05).

export const SATISFACTION_BEHAVIOURS: InsightLabels = {
  satisfied: {
    en: 'rated a class as satisfying (score 4 or more)',
    'zh-CN': '课后满意度评分达到 4 分及以上',
  },
};

export const SATISFACTION_OUTCOMES: InsightLabels = {
  boughtAgain: {
    en: `bought again within ${REPURCHASE_AFTER_SURVEY_DAYS} days of the class they rated`,
    'zh-CN': `在评分的课后 ${REPURCHASE_AFTER_SURVEY_DAYS} 天内再次购买`,
  },
};

export function satisfactionFindings(
  db: Db,
  orders: readonly { learnerId: number; at: number }[],
  language: Language,
): CustomersReport['insights'] {
  const answers = allSatisfactionAnswers(db);
  if (answers.length === 0) return [];
  const rows = satisfactionOutcomeRows(
    answers.map((a) => ({
      learnerId: a.learner_id,
      classRating: a.class_rating,
      teacherRating: a.teacher_rating,
      contentRating: a.content_rating,
      recommend: a.recommend,
      classAt: a.class_at,
    })),
    orders,
    readSatisfactionWeights(db),
  );
  return findInsights(rows, { behaviours: ['satisfied'], outcomes: ['boughtAgain'] }).map(
    (insight) => ({
      id: insight.id,
      template: insight.template,
      behaviour: insight.behaviour,
      outcome: insight.outcome,
      numbers: { ...insight.numbers },
      support: { ...insight.support },
      text: renderInsight(insight, language, {
        behaviours: SATISFACTION_BEHAVIOURS,
        outcomes: SATISFACTION_OUTCOMES,
      }),
    }),
  );
}
