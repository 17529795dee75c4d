import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  SatisfactionSummary,
  SatisfactionWeights,
  SessionSatisfaction,
} from '../../../../shared/contract/satisfaction-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { useQuery } from '../../api/use-query';
import { formatDecimal } from './report-format';
import './satisfaction.css';

/** A net-promoter figure as signed whole points ("+25", "−10"). */
export function formatNps(nps: number | null, locale: string): string | null {
  if (nps === null) return null;
  const rounded = Math.round(nps);
  const text = formatNumber(Math.abs(rounded), locale);
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : text;
}

/** The class report's Satisfaction section: the survey's score, net promoter, distributions. */
export function SatisfactionSection({ sessionId }: { sessionId: SessionId }) {
  const client = useStudio();
  const version = useEventVersion(['survey.changed']);
  const [saved, setSaved] = useState(0);
  const query = useQuery<SessionSatisfaction>(
    `satisfaction:${String(sessionId)}:${String(version)}:${String(saved)}`,
    () => client.invoke('report.satisfaction', { sessionId }),
  );
  return (
    <SatisfactionView
      data={query.data}
      error={query.status === 'error' ? query.message : null}
      onWeightsSaved={() => setSaved((n) => n + 1)}
    />
  );
}

/**
 * The section from its data: in the studio with the weights form, in an exported report
 * (no `onWeightsSaved`) with the weights as text.
 */
export function SatisfactionView({
  data,
  error = null,
  onWeightsSaved,
}: {
  data: SessionSatisfaction | undefined;
  error?: string | null;
  onWeightsSaved?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section
      className="report-section satisfaction"
      id="report-satisfaction"
      aria-labelledby="report-satisfaction-title"
      data-testid="report-section-satisfaction"
    >
      <header className="report-section-head">
        <h2 id="report-satisfaction-title">{t('satisfaction.title')}</h2>
        <p className="report-ask">{t('satisfaction.ask')}</p>
      </header>
      {error !== null ? <p className="error">{error}</p> : null}
      {data && data.summary.responses === 0 ? (
        <p className="muted" data-testid="satisfaction-none">
          {t('satisfaction.none')}
        </p>
      ) : null}
      {data && data.summary.responses > 0 ? (
        <>
          <SummaryCards summary={data.summary} locale={locale} />
          <p className="muted">
            {t('satisfaction.responsesOf', {
              responses: formatNumber(data.summary.responses, locale),
              attendees: formatNumber(data.attendees, locale),
            })}
          </p>
          <Distributions summary={data.summary} locale={locale} />
          {data.comments.length > 0 ? (
            <div className="satisfaction-comments">
              <h3>{t('satisfaction.comments')}</h3>
              <ul data-testid="satisfaction-comments">
                {data.comments.slice(0, 10).map((c) => (
                  <li key={`${String(c.at)}:${c.text}`}>
                    <span className="comment-score">{formatDecimal(c.score, locale, 1)}</span>
                    <q>{c.text}</q>
                    <span className="muted"> · {formatDateTime(c.at, locale)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
      {data && onWeightsSaved ? (
        <WeightsForm
          key={JSON.stringify(data.weights)}
          weights={data.weights}
          onSaved={onWeightsSaved}
        />
      ) : null}
      {data && !onWeightsSaved ? (
        <p className="muted small" data-testid="satisfaction-weights-text">
          {t('satisfaction.weights.title')}:{' '}
          {(['class', 'teacher', 'content'] as const)
            .map(
              (key) =>
                `${t(`satisfaction.weights.${key}`)} ${formatDecimal(data.weights[key], locale, 2) ?? '—'}`,
            )
            .join(' · ')}
        </p>
      ) : null}
      <details className="report-how" data-testid="report-how-satisfaction">
        <summary>{t('report.howComputed')}</summary>
        <ul>
          {(['score', 'nps', 'satisfied', 'latest'] as const).map((key) => (
            <li key={key}>{t(`satisfaction.defs.${key}`)}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export function SummaryCards({
  summary,
  locale,
}: {
  summary: SatisfactionSummary;
  locale: string;
}) {
  const { t } = useTranslation();
  const none = '—';
  const satisfiedShare = summary.responses > 0 ? summary.satisfied / summary.responses : null;
  const cards = [
    {
      id: 'score',
      value:
        summary.meanScore === null
          ? none
          : `${formatDecimal(summary.meanScore, locale, 2) ?? none} / 5`,
    },
    { id: 'nps', value: formatNps(summary.netPromoter.nps, locale) ?? none },
    { id: 'responses', value: formatNumber(summary.responses, locale) },
    {
      id: 'satisfied',
      value:
        satisfiedShare === null
          ? none
          : `${formatNumber(Math.round(satisfiedShare * 100), locale)}%`,
    },
  ] as const;
  return (
    <ul className="headline-cards" aria-label={t('satisfaction.title')}>
      {cards.map((card) => (
        <li key={card.id} className="headline-card" data-testid={`satisfaction-card-${card.id}`}>
          <span className="headline-label">{t(`satisfaction.cards.${card.id}`)}</span>
          <strong className="headline-value">{card.value}</strong>
        </li>
      ))}
    </ul>
  );
}

function Bars({ counts, first }: { counts: readonly number[]; first: number }) {
  const max = Math.max(1, ...counts);
  return (
    <ol className="satisfaction-bars">
      {counts.map((count, i) => (
        <li key={first + i} title={`${String(first + i)}: ${String(count)}`}>
          <span className="bar" style={{ height: `${String((count / max) * 100)}%` }} />
          <span className="bar-label">{first + i}</span>
        </li>
      ))}
    </ol>
  );
}

function Distributions({ summary, locale }: { summary: SatisfactionSummary; locale: string }) {
  const { t } = useTranslation();
  const rows = [
    ['class', summary.classDistribution, summary.meanClass],
    ['teacher', summary.teacherDistribution, summary.meanTeacher],
    ['content', summary.contentDistribution, summary.meanContent],
    ['score', summary.scoreDistribution, summary.meanScore],
  ] as const;
  const np = summary.netPromoter;
  return (
    <div className="satisfaction-distributions">
      {rows.map(([key, counts, mean]) => (
        <figure key={key} data-testid={`satisfaction-dist-${key}`}>
          <figcaption>
            <strong>{t(`satisfaction.ratings.${key}`)}</strong>{' '}
            <span className="muted">
              {t('satisfaction.mean', { value: formatDecimal(mean, locale, 2) ?? '—' })}
            </span>
          </figcaption>
          <Bars counts={counts} first={1} />
        </figure>
      ))}
      <figure className="wide" data-testid="satisfaction-dist-recommend">
        <figcaption>
          <strong>{t('satisfaction.recommend')}</strong>{' '}
          <span className="muted">
            {t('satisfaction.promoters', {
              promoters: formatNumber(np.promoters, locale),
              passives: formatNumber(np.passives, locale),
              detractors: formatNumber(np.detractors, locale),
            })}
          </span>
        </figcaption>
        <Bars counts={summary.recommendDistribution} first={0} />
      </figure>
    </div>
  );
}

/** The workspace's weights, visible and adjustable (scaled to sum 1 when saved). */
function WeightsForm({ weights, onSaved }: { weights: SatisfactionWeights; onSaved: () => void }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [draft, setDraft] = useState(() => ({
    class: String(Math.round(weights.class * 100) / 100),
    teacher: String(Math.round(weights.teacher * 100) / 100),
    content: String(Math.round(weights.content * 100) / 100),
  }));
  const [error, setError] = useState<string | null>(null);
  const save = (event: SubmitEvent): void => {
    event.preventDefault();
    setError(null);
    client
      .invoke('satisfaction.setWeights', {
        class: Number(draft.class),
        teacher: Number(draft.teacher),
        content: Number(draft.content),
      })
      .then(onSaved, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <form className="satisfaction-weights" onSubmit={save} data-testid="satisfaction-weights">
      <strong>{t('satisfaction.weights.title')}</strong>
      {(['class', 'teacher', 'content'] as const).map((key) => (
        <label key={key}>
          <span>{t(`satisfaction.weights.${key}`)}</span>
          <input
            type="number"
            min={0}
            step={0.05}
            value={draft[key]}
            data-testid={`satisfaction-weight-${key}`}
            onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
          />
        </label>
      ))}
      <button type="submit">{t('satisfaction.weights.save')}</button>
      <span className="muted small">{t('satisfaction.weights.hint')}</span>
      {error ? <span className="error">{error}</span> : null}
    </form>
  );
}
