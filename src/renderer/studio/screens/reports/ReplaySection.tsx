import { useTranslation } from 'react-i18next';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import type { ReplayAudience } from '../../../../shared/contract/lan-replay-api';
import { formatNumber } from '../../../common/format';
import { HeadlineCards } from '../../components/HeadlineCards';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { formatDecimal } from './report-format';

/**
 * The class report's "Live and replay" section (issue #12): what counts as live and what as
 * replay, in words and numbers, and per learner the replay minutes and chapters beside their live
 * minutes and live engagement score (never mixed into it).
 */
export function ReplaySection({ report }: { report: SessionReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const sessionId = report.session.id;
  const query = useQuery<ReplayAudience>(`replay-audience:${String(sessionId)}`, () =>
    client.invoke('review.replayAudience', { sessionId }),
  );
  const data = query.data;
  const scores = new Map(report.engagement.viewers.rows.map((v) => [v.learnerId, v.score]));
  const minutes = (value: number): string => formatNumber(Math.round(value * 10) / 10, locale);
  return (
    <section
      className="report-section"
      id="report-replay"
      aria-labelledby="report-replay-title"
      data-testid="report-section-replay"
    >
      <header className="report-section-head">
        <h2 id="report-replay-title">{t('replayReport.title')}</h2>
        <p className="report-ask">{t('replayReport.ask')}</p>
      </header>
      <p data-testid="replay-counts">{t('replayReport.counts')}</p>
      {query.status === 'error' ? <p className="error">{query.message}</p> : null}
      {data ? (
        <>
          <HeadlineCards
            testId="replay-cards"
            cardTestId={(id) => `replay-card-${id}`}
            cards={[
              {
                id: 'live',
                label: t('replayReport.cards.live'),
                value: formatNumber(data.liveLearners, locale),
              },
              {
                id: 'watchers',
                label: t('replayReport.cards.watchers'),
                value: formatNumber(data.watchers, locale),
              },
              {
                id: 'minutes',
                label: t('replayReport.cards.minutes'),
                value: minutes(data.replayMinutes),
              },
              {
                id: 'also-live',
                label: t('replayReport.cards.alsoLive'),
                value: formatNumber(data.alsoLive, locale),
              },
              {
                id: 'survey',
                label: t('replayReport.cards.surveyAnswers'),
                value: formatNumber(data.surveyAnswers, locale),
              },
            ]}
          />
          <p className="muted">{data.enabled ? t('replayReport.on') : t('replayReport.off')}</p>
          {data.watchers === 0 ? (
            <p className="muted" data-testid="replay-none">
              {t('replayReport.none')}
            </p>
          ) : (
            <>
              <p data-testid="replay-statement">
                {t('replayReport.statement', {
                  watchers: formatNumber(data.watchers, locale),
                  minutes: minutes(data.replayMinutes),
                  alsoLive: formatNumber(data.alsoLive, locale),
                })}
              </p>
              <table className="data-table compact" data-testid="replay-learners">
                <thead>
                  <tr>
                    <th scope="col">{t('replayReport.learner')}</th>
                    <th scope="col">{t('replayReport.live')}</th>
                    <th scope="col">{t('replayReport.liveMinutes')}</th>
                    <th scope="col">{t('replayReport.liveScore')}</th>
                    <th scope="col">{t('replayReport.replayMinutes')}</th>
                    <th scope="col">{t('replayReport.chapters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.learners.map((l) => {
                    const score = scores.get(l.learnerId);
                    return (
                      <tr key={l.learnerId} data-learner={l.learnerId}>
                        <td>{l.displayName}</td>
                        <td>{l.attendedLive ? t('replayReport.yes') : t('replayReport.no')}</td>
                        <td>
                          {l.attendedLive ? minutes(l.liveMinutes) : t('replayReport.unscored')}
                        </td>
                        <td>
                          {score === undefined
                            ? t('replayReport.unscored')
                            : (formatDecimal(score, locale, 1) ?? t('replayReport.unscored'))}
                        </td>
                        <td>{minutes(l.replayMinutes)}</td>
                        <td>
                          {t('replayReport.chaptersOf', {
                            watched: formatNumber(l.chaptersWatched, locale),
                            total: formatNumber(data.chapters, locale),
                          })}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
