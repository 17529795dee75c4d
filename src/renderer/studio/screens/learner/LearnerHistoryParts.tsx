import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import { formatDate, formatDateTime, formatMoney } from '../../../common/format';
import { Part } from './LearnerPart';

export function PurchasesPart({ profile }: { profile: LearnerProfile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rows = [...profile.purchases].reverse();
  return (
    <Part title={t('learner.purchases.title')} testId="learner-purchases">
      {rows.length === 0 ? (
        <p className="muted">{t('learner.purchases.none')}</p>
      ) : (
        <DataTable
          rows={rows}
          rowKey={(p) => p.orderId}
          testId="learner-purchases-table"
          columns={[
            {
              key: 'date',
              header: t('learner.purchases.date'),
              cellClassName: 'nowrap',
              cell: (p) => formatDate(p.orderedAt, locale),
            },
            {
              key: 'courses',
              header: t('learner.purchases.courses'),
              cell: (p) =>
                p.items.map((item, i) => (
                  <span key={i}>
                    {i > 0 ? t('report.listSep') : ''}
                    {item.courseId === null ? (
                      <span className="muted" title={t('learner.purchases.notCourse')}>
                        {item.title}
                        <span className="visually-hidden">
                          {` (${t('learner.purchases.notCourse')})`}
                        </span>
                      </span>
                    ) : (
                      item.title
                    )}
                  </span>
                )),
            },
            { key: 'source', header: t('learner.purchases.source'), cell: (p) => p.source },
            {
              key: 'total',
              header: t('learner.purchases.total'),
              num: true,
              cell: (p) => formatMoney(p.totalMinor, p.currency, locale),
            },
            {
              key: 'refunded',
              header: t('learner.purchases.refunded'),
              num: true,
              cell: (p) =>
                p.refundedMinor > 0
                  ? formatMoney(p.refundedMinor, p.currency, locale)
                  : t('library.learners.none'),
            },
            {
              key: 'status',
              header: t('learner.purchases.status'),
              cell: (p) => t(`learner.purchases.statuses.${p.status}`),
            },
          ]}
        />
      )}
    </Part>
  );
}

export function QuestionsPart({ profile }: { profile: LearnerProfile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const titles = new Map(profile.attendance.map((a) => [a.sessionId as number, a.title]));
  return (
    <Part title={t('learner.questions.title')} testId="learner-questions">
      {profile.questions.length === 0 ? (
        <p className="muted">{t('learner.questions.none')}</p>
      ) : (
        <DataTable
          rows={profile.questions}
          rowKey={(q) => q.id}
          testId="learner-questions-table"
          columns={[
            { key: 'question', header: t('learner.questions.question'), cell: (q) => q.text },
            {
              key: 'class',
              header: t('learner.questions.class'),
              cell: (q) => titles.get(q.sessionId) ?? '',
            },
            {
              key: 'asked',
              header: t('learner.questions.asked'),
              cellClassName: 'nowrap',
              cell: (q) => formatDateTime(q.askedAt, locale),
            },
            {
              key: 'status',
              header: t('learner.questions.status'),
              cell: (q) => t(`learner.questions.statuses.${q.status}`),
            },
          ]}
        />
      )}
    </Part>
  );
}
