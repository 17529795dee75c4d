import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, Tooltip } from 'recharts';
import type {
  AttendeeValue,
  SessionCustomers,
  SessionReport,
} from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { ChartFrame } from '../../components/ChartFrame';
import { HeadlineCards } from '../../components/HeadlineCards';
import {
  CartesianChart,
  ChartLegend,
  ChartTable,
  barLabel,
  tooltipFormat,
  valueAxis,
} from './charts';
import { DownloadCsv, TableHead } from './DownloadCsv';
import { ChangeLine, comparisonScope } from './HeadlineSection';
import { CHART } from './palette';
import { ReportSection } from './ReportSection';
import { ATTENDEE_CSV_COLUMNS, attendeeCsvRow, valueGroupsCsv, type CsvTable } from './report-csv';
import { formatMoneyCompact } from '../../../common/format';
import { formatDecimal, formatMinor, formatShare } from './report-format';

/** The groups the chart compares, each shown when some of its attendees have a prediction. */
const CHART_GROUPS = ['repeat', 'earlier', 'new', 'none'] as const;

/**
 * Repurchase: what the attendees bought before the class and through it (from the class's own
 * report), then — once the customer models are ready — their predicted repeat value, the course
 * to offer them next with its purchase propensity, and the attendees by predicted value.
 */
export function RepurchaseSection({
  report,
  customers,
  pending,
  loadAttendees,
}: {
  report: SessionReport;
  /** The customer sections' data; absent while it is computed (`pending` says so). */
  customers: SessionCustomers | undefined;
  pending?: ReactNode;
  /** Every attendee row, for the CSV (the table shows the first page). */
  loadAttendees?: () => Promise<AttendeeValue[]>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const { purchases } = report;
  const days = formatNumber(report.funnel.attributionWindowDays, locale);
  const currency = customers?.currency ?? null;

  const cards: {
    id: string;
    label: string;
    value: string;
    note: string | null;
    change?: boolean;
  }[] = [
    {
      id: 'attendees',
      label: t('report.repurchase.attendees'),
      value: formatNumber(purchases.attendees, locale),
      note: null,
    },
    {
      id: 'before',
      label: t('report.repurchase.boughtBefore'),
      value: purchases.boughtBefore === null ? none : formatNumber(purchases.boughtBefore, locale),
      note:
        purchases.boughtBefore === null || purchases.attendees === 0
          ? null
          : t('report.repurchase.ofAttendees', {
              share: formatShare(purchases.boughtBefore / purchases.attendees, locale),
            }),
    },
    {
      id: 'now',
      label: t('report.repurchase.boughtNow'),
      value: formatNumber(purchases.boughtNow, locale),
      note:
        purchases.repeatBuyers === null || purchases.newBuyers === null
          ? null
          : t('report.repurchase.nowSplit', {
              repeat: formatNumber(purchases.repeatBuyers, locale),
              fresh: formatNumber(purchases.newBuyers, locale),
            }),
    },
    {
      id: 'rate',
      label: t('report.repurchase.rate'),
      value: formatShare(purchases.repurchaseRate, locale, 1) ?? none,
      note:
        purchases.repeatBuyers === null || purchases.boughtBefore === null
          ? null
          : t('report.repurchase.rateOf', {
              repeat: formatNumber(purchases.repeatBuyers, locale),
              before: formatNumber(purchases.boughtBefore, locale),
            }),
      change: true,
    },
    {
      id: 'first',
      label: t('report.repurchase.firstPurchase'),
      value: formatShare(purchases.firstPurchaseRate, locale, 1) ?? none,
      note:
        purchases.newBuyers === null || purchases.boughtBefore === null
          ? null
          : t('report.repurchase.firstOf', {
              fresh: formatNumber(purchases.newBuyers, locale),
              never: formatNumber(purchases.attendees - purchases.boughtBefore, locale),
            }),
    },
  ];

  const definitions = [
    t('report.repurchase.defs.before'),
    t('report.repurchase.defs.now', { days }),
    t('report.repurchase.defs.rates'),
    t('report.repurchase.defs.value', { currency: currency ?? none }),
    t('report.repurchase.defs.nextCourse'),
    t('report.repurchase.defs.propensity'),
    t('report.repurchase.defs.table'),
  ];

  return (
    <ReportSection id="repurchase" definitions={definitions}>
      <ul className="headline-cards five" data-testid="repurchase-cards">
        {cards.map((card) => (
          <li key={card.id} className="headline-card" data-testid={`repurchase-${card.id}`}>
            <span className="headline-label">{card.label}</span>
            <strong className="headline-value">{card.value}</strong>
            {card.note ? <span className="headline-previous muted">{card.note}</span> : null}
            {card.change ? (
              <ChangeLine
                comparison={report.comparison.metrics.find((m) => m.metric === 'repurchaseRate')}
                unit="share"
                currency={undefined}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <p className="muted report-note">{comparisonScope(report, t)}</p>

      {customers === undefined ? (
        pending
      ) : (
        <CustomerValues
          report={report}
          customers={customers}
          {...(loadAttendees ? { loadAttendees } : {})}
        />
      )}
    </ReportSection>
  );
}

function CustomerValues({
  report,
  customers,
  loadAttendees,
}: {
  report: SessionReport;
  customers: SessionCustomers;
  loadAttendees?: () => Promise<AttendeeValue[]>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const { values, attendeeTable, currency } = customers;
  const money = (minor: number | null): string => formatMinor(minor, currency, locale) ?? none;

  const attendeesCsv = (rows: readonly AttendeeValue[]): CsvTable => ({
    columns: ATTENDEE_CSV_COLUMNS,
    rows: rows.map((row) => attendeeCsvRow(row, customers)),
  });

  const chartData = CHART_GROUPS.flatMap((group) => {
    const g = values?.groups.find((x) => x.group === group);
    if (!g || g.withPrediction === 0) return [];
    return [
      {
        group: t(`report.repurchase.groups.${group}`, { count: g.withPrediction }),
        value: Math.round(g.meanValue ?? 0),
        value12Months: Math.round(g.meanValue12Months ?? 0),
        attendees: g.attendees,
      },
    ];
  });
  // "Neither before nor through the class" includes a few who bought at another time: only the
  // ones with no purchase at all lack a prediction.
  const noneGroup = values?.groups.find((g) => g.group === 'none');
  const neverBought = noneGroup ? noneGroup.attendees - noneGroup.withPrediction : 0;

  return (
    <div data-testid="repurchase-models">
      <h3>{t('report.repurchase.valueTitle')}</h3>
      {values === null || currency === null ? (
        <p className="muted">{t('report.repurchase.noModels')}</p>
      ) : (
        <>
          <HeadlineCards
            className="compact"
            cardTestId={(id) => `repurchase-${id}`}
            cards={[
              {
                id: 'value-90',
                label: t('report.repurchase.total', {
                  days: formatNumber(values.horizonDays, locale),
                }),
                value: money(values.totalValue),
              },
              {
                id: 'value-365',
                label: t('report.repurchase.total12'),
                value: money(values.totalValue12Months),
              },
              {
                id: 'mean-12',
                label: t('report.repurchase.mean12'),
                value: money(values.meanValue12Months),
                note: t('report.repurchase.predictedFor', {
                  n: formatNumber(values.withPrediction, locale),
                  total: formatNumber(customers.attendees, locale),
                }),
              },
              {
                id: 'active',
                label: t('report.repurchase.active'),
                value: formatShare(values.meanProbabilityAlive, locale) ?? none,
                note: t('report.repurchase.expected', {
                  n: formatDecimal(values.meanExpectedPurchases, locale, 1) ?? none,
                  days: formatNumber(values.horizonDays, locale),
                }),
              },
            ]}
          />

          {chartData.length > 0 ? (
            <ValueGroupsChart
              rows={chartData}
              currency={currency}
              horizonDays={values.horizonDays}
              neverBought={neverBought}
              csv={{ session: report.session, data: valueGroupsCsv(customers) }}
            />
          ) : null}
        </>
      )}

      <NextCourse report={report} customers={customers} />

      <TableHead title={t('report.repurchase.tableTitle')}>
        <span className="muted">
          {t('report.repurchase.tableCount', {
            shown: formatNumber(attendeeTable.rows.length, locale),
            total: formatNumber(attendeeTable.total, locale),
          })}
        </span>
        <DownloadCsv
          session={report.session}
          table="attendee-values"
          data={
            loadAttendees
              ? async () => attendeesCsv(await loadAttendees())
              : attendeesCsv(attendeeTable.rows)
          }
        />
      </TableHead>
      <div className="table-scroll tall">
        <table className="data-table compact" data-testid="repurchase-table">
          <thead>
            <tr>
              <th>{t('report.repurchase.cols.learner')}</th>
              <th className="num">{t('report.repurchase.cols.before')}</th>
              <th>{t('report.repurchase.cols.now')}</th>
              <th className="num">{t('report.repurchase.cols.active')}</th>
              <th className="num">
                {t('report.repurchase.cols.expected', { days: values?.horizonDays ?? 90 })}
              </th>
              <th className="num">
                {t('report.repurchase.cols.value', { days: values?.horizonDays ?? 90 })}
              </th>
              <th className="num">{t('report.repurchase.cols.value12')}</th>
              <th className="num">{t('report.repurchase.cols.next')}</th>
              <th className="num">{t('report.repurchase.cols.segment')}</th>
            </tr>
          </thead>
          <tbody>
            {attendeeTable.rows.map((row) => (
              <tr key={row.learnerId}>
                <td className="strong">{row.displayName}</td>
                <td className="num">{formatNumber(row.ordersBefore, locale)}</td>
                <td>{row.boughtNow ? t('report.repurchase.yes') : t('report.repurchase.no')}</td>
                <td className="num">{formatShare(row.probabilityAlive, locale) ?? none}</td>
                <td className="num">{formatDecimal(row.expectedPurchases, locale, 2) ?? none}</td>
                <td className="num">{money(row.value)}</td>
                <td className="num">{money(row.value12Months)}</td>
                <td className="num">
                  {row.ownsNextCourse
                    ? t('report.repurchase.owns')
                    : (formatShare(row.nextCourseProbability, locale) ?? none)}
                </td>
                <td className="num">
                  {row.segment === null ? none : formatNumber(row.segment + 1, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function NextCourse({ report, customers }: { report: SessionReport; customers: SessionCustomers }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const next = customers.nextCourse;
  if (next === null) {
    return (
      <>
        <h3>{t('report.repurchase.nextTitleNone')}</h3>
        <p className="muted">{t('report.repurchase.noNext')}</p>
      </>
    );
  }
  const why =
    next.basis === 'recommended'
      ? t('report.repurchase.whyRecommended', {
          count: next.recommendedFirst,
          n: formatNumber(next.recommendedFirst, locale),
          total: formatNumber(customers.attendees, locale),
        })
      : t('report.repurchase.whyFollowOn', {
          course: report.session.courseTitle ?? t('report.noCourse'),
          series: next.series ?? none,
        });
  return (
    <div className="next-course" data-testid="repurchase-next">
      <h3>
        {t('report.repurchase.nextTitle')} <span className="next-title">{next.title}</span>
      </h3>
      <p data-testid="repurchase-next-why">{why}</p>
      {next.model === null ? (
        <p className="muted">{t('report.repurchase.noPropensity')}</p>
      ) : (
        <>
          <p>
            {t('report.repurchase.propensity', {
              candidates: formatNumber(next.candidates, locale),
              mean: formatShare(next.meanProbability, locale, 1) ?? none,
              likely: formatNumber(next.likely, locale),
              owners: formatNumber(next.owners, locale),
            })}
          </p>
          <p className="muted">
            {t('report.repurchase.model', {
              learners: formatNumber(next.model.learners, locale),
              buyers: formatNumber(next.model.buyers, locale),
              auc: formatDecimal(next.model.meanAuc, locale, 2),
            })}{' '}
            {next.model.oddsRatios.length > 0
              ? t('report.repurchase.links', {
                  links: next.model.oddsRatios
                    .map(
                      (o) =>
                        `${t(`report.features.${o.feature}`, o.feature)} ×${formatDecimal(o.oddsRatioPerSd, locale, 2) ?? ''}`,
                    )
                    .join(t('report.listSep')),
                })
              : null}
          </p>
        </>
      )}
    </div>
  );
}

/** The value groups' mean predicted value over the horizon and over twelve months, as bars. */
function ValueGroupsChart({
  rows: chartData,
  currency,
  horizonDays,
  neverBought,
  csv,
}: {
  rows: readonly { group: string; value: number; value12Months: number }[];
  currency: string;
  horizonDays: number;
  neverBought: number;
  csv: { session: SessionReport['session']; data: CsvTable };
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const money = (minor: number): string => formatMinor(minor, currency, locale) ?? t('report.none');
  const compact = (minor: number) => formatMoneyCompact(minor, currency, locale);
  const mean90 = t('report.repurchase.mean90', { days: formatNumber(horizonDays, locale) });
  return (
    <ChartFrame
      title={t('report.repurchase.chartTitle')}
      summary={t('report.repurchase.chartSummary', {
        never: formatNumber(neverBought, locale),
      })}
      legend={
        <ChartLegend
          items={[
            { swatch: 'area value-90', label: mean90 },
            { swatch: 'area value-12', label: t('report.repurchase.mean12') },
          ]}
        />
      }
      chartTestId="repurchase-chart"
      chart={
        <CartesianChart
          data={chartData}
          height={260}
          xKey="group"
          kind="bar"
          margin={{ top: 20, right: 12, bottom: 4, left: 12 }}
          xAxis={{ interval: 0, fontSize: 12 }}
        >
          {valueAxis(compact, { width: 64 })}
          <Tooltip formatter={tooltipFormat(money)} />
          <Bar
            dataKey="value"
            name={mean90}
            fill={CHART.bar}
            isAnimationActive={false}
            label={barLabel(compact)}
          />
          <Bar
            dataKey="value12Months"
            name={t('report.repurchase.mean12')}
            fill={CHART.retention}
            isAnimationActive={false}
            label={barLabel(compact)}
          />
        </CartesianChart>
      }
    >
      <ChartTable
        caption={t('report.repurchase.chartTitle')}
        headers={[
          t('report.repurchase.group'),
          t('report.repurchase.mean90', { days: horizonDays }),
          t('report.repurchase.mean12'),
        ]}
        rows={chartData}
        rowKey={(row) => row.group}
        cells={(row) => [row.group, money(row.value), money(row.value12Months)]}
      />
      <div className="figure-actions">
        <DownloadCsv session={csv.session} table="value-groups" data={csv.data} />
      </div>
    </ChartFrame>
  );
}
