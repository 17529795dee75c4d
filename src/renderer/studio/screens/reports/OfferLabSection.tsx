import { useTranslation } from 'react-i18next';
import type {
  OfferExperimentReport,
  OfferLabReport,
  PersonalOfferReport,
  VariantComparison,
} from '../../../../shared/contract/offer-lab-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime, formatMoney, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

// The class report's offer experiments (each variant's funnel, the comparison with its interval,
// p-value and a plain verdict) and personal offers (the funnel per course shown).

type Money = { currency: string; minor: number };

function money(list: readonly Money[], locale: string): string {
  return list.length === 0
    ? '—'
    : list.map((m) => formatMoney(m.minor, m.currency, locale)).join(' + ');
}

function percent(value: number, locale: string): string {
  return `${formatNumber(Math.round(value * 1000) / 10, locale)}%`;
}

function points(value: number, locale: string): string {
  const rounded = Math.round(value * 1000) / 10;
  return `${rounded > 0 ? '+' : ''}${formatNumber(rounded, locale)}`;
}

function Comparison({
  c,
  labels,
  locale,
}: {
  c: VariantComparison;
  labels: readonly string[];
  locale: string;
}) {
  const { t } = useTranslation();
  const a = labels[0] ?? 'A';
  const b = labels[c.idx] ?? String(c.idx);
  const metric = t(`offerLab.metric_${c.metric}`);
  let head = '';
  if (c.difference !== null) {
    head =
      c.pValue !== null && c.ciLow !== null && c.ciHigh !== null
        ? t('offerLab.compare', {
            a,
            b,
            metric,
            diff: points(c.difference, locale),
            low: points(c.ciLow, locale),
            high: points(c.ciHigh, locale),
            p:
              c.pValue < 0.001
                ? '< 0.001'
                : formatNumber(Math.round(c.pValue * 1000) / 1000, locale),
          })
        : t('offerLab.compareNoTest', { a, b, metric, diff: points(c.difference, locale) });
  }
  let verdict: string;
  if (c.verdict === 'apart') {
    verdict = t('offerLab.verdict_apart', { winner: (c.difference ?? 0) > 0 ? b : a });
  } else if (c.verdict === 'notYet') {
    verdict =
      c.moreViewers === null
        ? t('offerLab.verdict_notYetSame')
        : t('offerLab.verdict_notYet', {
            count: c.moreViewers,
            formatted: formatNumber(c.moreViewers, locale),
          });
  } else verdict = t('offerLab.verdict_noData');
  return (
    <p data-testid="experiment-verdict" data-verdict={c.verdict} data-metric={c.metric}>
      {head} <strong>{verdict}</strong>
    </p>
  );
}

function Experiment({ e, locale }: { e: OfferExperimentReport; locale: string }) {
  const { t } = useTranslation();
  const labels = e.variants.map((v) => v.label);
  return (
    <div className="report-block" data-testid="experiment-report">
      <h3>
        {t('offerLab.experimentOf', { title: e.title })}{' '}
        <small className="muted">
          {formatDateTime(e.pushedAt, locale)} · {t('offerLab.seed', { seed: e.seed })}
        </small>
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th>{t('offerLab.colVariant')}</th>
            <th>{t('offerLab.colOffer')}</th>
            <th>{t('offerLab.colReached')}</th>
            <th>{t('offerLab.colClicks')}</th>
            <th>{t('offerLab.colClickRate')}</th>
            <th>{t('offerLab.colOrders')}</th>
            <th>{t('offerLab.colBuyRate')}</th>
            <th>{t('offerLab.colRevenue')}</th>
          </tr>
        </thead>
        <tbody>
          {e.variants.map((v) => (
            <tr key={v.idx} data-testid="variant-row">
              <td className="strong">{v.label}</td>
              <td>
                {formatMoney(v.priceMinor, e.currency, locale)}
                {v.couponCode ? ` · ${v.couponCode}` : ''}
                {v.headline ? ` · “${v.headline}”` : ''}
              </td>
              <td>{formatNumber(v.reached, locale)}</td>
              <td>
                {formatNumber(v.clicks, locale)} ({formatNumber(v.clickers, locale)})
              </td>
              <td>{v.reached > 0 ? percent(v.clickers / v.reached, locale) : '—'}</td>
              <td>{formatNumber(v.orders, locale)}</td>
              <td>
                {v.reached > 0 ? percent(Math.min(v.buyers, v.reached) / v.reached, locale) : '—'}
              </td>
              <td>{money(v.revenue, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.comparisons.map((c) => (
        <Comparison key={`${String(c.idx)}-${c.metric}`} c={c} labels={labels} locale={locale} />
      ))}
    </div>
  );
}

function Personal({ p, locale }: { p: PersonalOfferReport; locale: string }) {
  const { t } = useTranslation();
  return (
    <div className="report-block" data-testid="personal-report">
      <h3>{t('offerLab.personalOf', { time: formatDateTime(p.pushedAt, locale) })}</h3>
      <table className="table">
        <thead>
          <tr>
            <th>{t('offerLab.colCourse')}</th>
            <th>{t('offerLab.colReached')}</th>
            <th>{t('offerLab.colClicks')}</th>
            <th>{t('offerLab.colOrders')}</th>
            <th>{t('offerLab.colRevenue')}</th>
          </tr>
        </thead>
        <tbody>
          {p.courses.map((c) => (
            <tr key={c.courseId ?? 'general'} data-testid="personal-row">
              <td>{c.general ? t('offerLab.general', { title: c.title }) : c.title}</td>
              <td>{formatNumber(c.reached, locale)}</td>
              <td>
                {formatNumber(c.clicks, locale)} ({formatNumber(c.clickers, locale)})
              </td>
              <td>{formatNumber(c.orders, locale)}</td>
              <td>{money(c.revenue, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OfferLabSection({ sessionId }: { sessionId: SessionId }) {
  const client = useStudio();
  const lab = useQuery(`offer-lab:${String(sessionId)}`, () =>
    client.invoke('report.offerLab', { sessionId }),
  );
  return lab.data ? <OfferLabView data={lab.data} /> : null;
}

/** The section from its data (the report screen, and exported reports). */
export function OfferLabView({ data }: { data: OfferLabReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const days = data.attributionWindowDays;
  return (
    <section className="report-section" id="report-offer-lab" data-testid="report-offer-lab">
      <header className="report-section-head">
        <h2>{t('offerLab.section')}</h2>
      </header>
      {data.experiments.length === 0 && data.personal.length === 0 ? (
        <p className="muted">{t('offerLab.none')}</p>
      ) : null}
      {data.experiments.map((e) => (
        <Experiment key={e.offerId} e={e} locale={locale} />
      ))}
      {data.personal.map((p) => (
        <Personal key={p.offerId} p={p} locale={locale} />
      ))}
      <details className="report-how">
        <summary>{t('report.howComputed')}</summary>
        <p className="muted">{t('offerLab.definition', { days })}</p>
        <p className="muted">{t('offerLab.personalDefinition', { days })}</p>
      </details>
    </section>
  );
}
