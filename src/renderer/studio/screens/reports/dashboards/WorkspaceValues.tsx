import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../../components/ChartFrame';
import { Bar, Tooltip } from 'recharts';
import type {
  ValueHistogram,
  WorkspaceOverview,
} from '../../../../../shared/contract/dashboards-api';
import { formatMoney, formatNumber } from '../../../../common/format';
import { CartesianChart, ChartTable, countAxis, tooltipFormat } from '../charts';
import { DASH_CHART } from './colors';
import { DashSection } from './DashSection';
import { formatMoneyCompact } from '../../../../common/format';
import { formatMoneyRange } from './dash-format';

const HISTOGRAM_MARGIN = { top: 8, right: 8, bottom: 8, left: 0 };

function Histogram({
  histogram,
  currency,
  title,
  colour,
  testId,
}: {
  histogram: ValueHistogram;
  currency: string;
  title: string;
  colour: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('dash.none');
  const points = histogram.bins.map((b) => ({
    label:
      b.to === null
        ? `≥ ${formatMoneyCompact(b.from, currency, locale)}`
        : formatMoneyCompact(b.from, currency, locale),
    range: formatMoneyRange(b.from, b.to, currency, locale),
    customers: b.count,
  }));
  return (
    <ChartFrame
      title={title}
      summary={t('dash.workspace.values.summary', {
        count: formatNumber(histogram.count, locale),
        median:
          histogram.median === null
            ? none
            : formatMoney(Math.round(histogram.median), currency, locale),
        mean:
          histogram.mean === null
            ? none
            : formatMoney(Math.round(histogram.mean), currency, locale),
        p90:
          histogram.p90 === null ? none : formatMoney(Math.round(histogram.p90), currency, locale),
      })}
      chartTestId={testId}
      chart={
        <CartesianChart
          data={points}
          height={240}
          xKey="label"
          xAxis={{ interval: 'preserveStartEnd' }}
          kind="bar"
          margin={HISTOGRAM_MARGIN}
        >
          {countAxis(locale, { width: 40 })}
          <Tooltip
            labelFormatter={(_label, payload) =>
              (payload[0]?.payload as { range?: string } | undefined)?.range ?? ''
            }
            formatter={tooltipFormat((v) =>
              t('dash.workspace.values.customers', { n: formatNumber(v, locale) }),
            )}
          />
          <Bar
            dataKey="customers"
            name={t('dash.workspace.values.series')}
            fill={colour}
            isAnimationActive={false}
          />
        </CartesianChart>
      }
    >
      <ChartTable
        caption={title}
        rows={points}
        rowKey={(p) => p.range}
        cells={(p) => [p.range, formatNumber(p.customers, locale)]}
        rowHeader
      />
    </ChartFrame>
  );
}

export function Values({ data }: { data: WorkspaceOverview }) {
  const { t } = useTranslation();
  const values = data.values;
  return (
    <DashSection
      id="values"
      title={t('dash.workspace.values.title')}
      ask={t('dash.workspace.values.ask')}
      howLabel={t('dash.howComputed')}
      definitions={[
        t('dash.workspace.values.defs.spent'),
        t('dash.workspace.values.defs.predicted'),
        t('dash.workspace.values.defs.bins'),
      ]}
    >
      {values === null ? (
        <p className="muted">{t('dash.workspace.values.none')}</p>
      ) : (
        <div className="dash-columns">
          <Histogram
            histogram={values.spent}
            currency={values.currency}
            title={t('dash.workspace.values.spentTitle', { currency: values.currency })}
            colour={DASH_CHART.spent}
            testId="spent-chart"
          />
          {values.predicted12Months ? (
            <Histogram
              histogram={values.predicted12Months}
              currency={values.currency}
              title={t('dash.workspace.values.predictedTitle', { currency: values.currency })}
              colour={DASH_CHART.predicted}
              testId="predicted-chart"
            />
          ) : (
            <p className="muted">{t('dash.workspace.values.noModel')}</p>
          )}
        </div>
      )}
    </DashSection>
  );
}
