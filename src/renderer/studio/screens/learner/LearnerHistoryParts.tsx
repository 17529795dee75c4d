import { useTranslation } from 'react-i18next';
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
        <div className="table-scroll">
          <table className="data-table" data-testid="learner-purchases-table">
            <thead>
              <tr>
                <th>{t('learner.purchases.date')}</th>
                <th>{t('learner.purchases.courses')}</th>
                <th>{t('learner.purchases.source')}</th>
                <th className="num">{t('learner.purchases.total')}</th>
                <th className="num">{t('learner.purchases.refunded')}</th>
                <th>{t('learner.purchases.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.orderId}>
                  <td className="nowrap">{formatDate(p.orderedAt, locale)}</td>
                  <td>
                    {p.items.map((item, i) => (
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
                    ))}
                  </td>
                  <td>{p.source}</td>
                  <td className="num">{formatMoney(p.totalMinor, p.currency, locale)}</td>
                  <td className="num">
                    {p.refundedMinor > 0
                      ? formatMoney(p.refundedMinor, p.currency, locale)
                      : t('library.learners.none')}
                  </td>
                  <td>{t(`learner.purchases.statuses.${p.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
        <div className="table-scroll">
          <table className="data-table" data-testid="learner-questions-table">
            <thead>
              <tr>
                <th>{t('learner.questions.question')}</th>
                <th>{t('learner.questions.class')}</th>
                <th>{t('learner.questions.asked')}</th>
                <th>{t('learner.questions.status')}</th>
              </tr>
            </thead>
            <tbody>
              {profile.questions.map((q) => (
                <tr key={q.id}>
                  <td>{q.text}</td>
                  <td>{titles.get(q.sessionId) ?? ''}</td>
                  <td className="nowrap">{formatDateTime(q.askedAt, locale)}</td>
                  <td>{t(`learner.questions.statuses.${q.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Part>
  );
}
