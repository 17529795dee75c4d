import { useTranslation } from 'react-i18next';
import type { CourseDashboard } from '../../../../../shared/contract/dashboards-api';
import type { CourseId } from '../../../../../shared/model/ids';
import { formatDate, formatNumber } from '../../../../common/format';
import { HeadlineCards } from '../../../components/HeadlineCards';
import { ChartLegend } from '../charts';
import { formatMoneyList, formatShare } from '../report-format';
import { CourseCohorts } from './CourseCohorts';
import { AttendanceTrend, ConversionTrend } from './CourseTrends';
import { DashSection } from './DashSection';
import { JobStatus } from './JobStatus';
import { NoteList } from './NoteList';
import { CourseSatisfactionSection } from './CourseSatisfactionSection';
import { ReturnRateSection } from './ReturnRateSection';
import { useAnalyticsJob } from './use-analytics-job';

/** One course across its classes: attendance, offers, and whether its buyers come back. */
export function CourseDashboardView({
  courseId,
  workspaceKey,
  onBack,
}: {
  courseId: CourseId;
  workspaceKey: string;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const job = useAnalyticsJob('analytics.course', { courseId }, `${workspaceKey}:${courseId}`);
  const data = job.data;

  return (
    <section className="report dash" aria-busy={job.status === 'loading'}>
      <div className="report-top">
        <button type="button" onClick={onBack} data-testid="course-back">
          ← {t('dash.course.back')}
        </button>
      </div>
      {data ? (
        <header className="screen-header report-title">
          <h1 data-testid="course-title">{data.course.title}</h1>
          <p>
            {t('dash.course.meta', {
              series: data.course.series ?? t('dash.course.standalone'),
              count: data.classes.length,
            })}
          </p>
        </header>
      ) : null}
      <JobStatus job={job} />
      {data ? (
        <div className="report-body" data-testid="course-dashboard" data-job={data.jobId}>
          <NoteList notes={data.notes} />
          <CourseCards data={data} />
          <AttendanceTrend data={data} />
          <ConversionTrend data={data} />
          <Repurchase data={data} />
          <ReturnRateSection data={data} />
          <CourseSatisfactionSection courseId={courseId} />
          <CourseCohorts data={data} />
          <p className="muted dash-computed">
            {t('dash.computedAt', { when: formatDate(data.computedAt, locale) })}
          </p>
        </div>
      ) : null}
    </section>
  );
}

function CourseCards({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('dash.none');
  const ninety = data.repurchase?.windows.find((w) => w.windowDays === 90);
  const cards = [
    {
      id: 'classes',
      label: t('dash.course.cards.classes'),
      value: formatNumber(data.classes.length, locale),
    },
    {
      id: 'buyers',
      label: t('dash.course.cards.buyers'),
      value: formatNumber(data.sales.buyers, locale),
    },
    {
      id: 'revenue',
      label: t('dash.course.cards.revenue'),
      value: formatMoneyList(data.sales.revenue, locale) ?? none,
    },
    {
      id: 'repurchase90',
      label: t('dash.course.cards.repurchase90'),
      value: formatShare(ninety?.rate ?? null, locale) ?? none,
    },
  ];
  return (
    <HeadlineCards
      cards={cards}
      className="dash-cards"
      label={t('dash.course.cards.label')}
      cardTestId={(id) => `course-card-${id}`}
      longAt={10}
    />
  );
}

function Repurchase({ data }: { data: CourseDashboard }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const repurchase = data.repurchase;
  return (
    <DashSection
      id="repurchase"
      title={t('dash.course.repurchase.title')}
      ask={t('dash.course.repurchase.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.course.repurchase.defs.rate'),
        t('dash.course.repurchase.defs.tooRecent'),
        t('dash.course.repurchase.defs.linked'),
      ]}
    >
      {repurchase === null ? (
        <p className="muted">{t('dash.course.noBuyers')}</p>
      ) : (
        <>
          <p className="figure-summary">
            {t('dash.course.repurchase.summary', {
              buyers: formatNumber(repurchase.buyers, locale),
              end: formatDate(Date.parse(`${repurchase.endDay}T12:00:00Z`), locale),
            })}
          </p>
          <ul className="dash-windows" data-testid="repurchase-windows">
            {repurchase.windows.map((w) => {
              const no = w.eligible - w.repurchased;
              const total = Math.max(1, repurchase.buyers);
              return (
                <li
                  key={w.windowDays}
                  className="headline-card"
                  data-testid={`repurchase-${w.windowDays}`}
                >
                  <span className="headline-label">
                    {t('dash.course.repurchase.within', { count: w.windowDays })}
                  </span>
                  <strong className="headline-value">
                    {formatShare(w.rate, locale, 1) ?? t('dash.none')}
                  </strong>
                  <span className="muted">
                    {t('dash.course.repurchase.of', {
                      repurchased: formatNumber(w.repurchased, locale),
                      eligible: formatNumber(w.eligible, locale),
                    })}
                  </span>
                  <span className="stack-bar" aria-hidden="true">
                    <span
                      className="seg yes"
                      style={{ width: `${(w.repurchased / total) * 100}%` }}
                    />
                    <span className="seg no" style={{ width: `${(no / total) * 100}%` }} />
                    <span
                      className="seg recent"
                      style={{ width: `${(w.tooRecent / total) * 100}%` }}
                    />
                  </span>
                  <span className="muted">
                    {t('dash.course.repurchase.tooRecent', {
                      count: w.tooRecent,
                      n: formatNumber(w.tooRecent, locale),
                    })}
                  </span>
                </li>
              );
            })}
          </ul>
          <ChartLegend
            items={[
              { swatch: 'block yes', label: t('dash.course.repurchase.legendYes') },
              { swatch: 'block no', label: t('dash.course.repurchase.legendNo') },
              { swatch: 'block recent', label: t('dash.course.repurchase.legendRecent') },
            ]}
          />
        </>
      )}
    </DashSection>
  );
}
