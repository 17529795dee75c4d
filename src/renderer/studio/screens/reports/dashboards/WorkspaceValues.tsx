import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../../../components/ChartFrame';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type {
  ValueHistogram,
  WorkspaceOverview,
} from '../../../../../shared/contract/dashboards-api';
import { formatMoney, formatNumber } from '../../../../common/format';
import { VisuallyHidden } from '../ReportSection';
import { DASH_CHART } from './colors';
import { DashSection } from './DashSection';
import { formatMoneyCompact, formatMoneyRange } from './dash-format';

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
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
            <XAxis dataKey="label" stroke={DASH_CHART.axis} interval="preserveStartEnd" />
            <YAxis
              allowDecimals={false}
              stroke={DASH_CHART.axis}
              width={40}
              tickFormatter={(v: number) => formatNumber(v, locale)}
            />
            <Tooltip
              labelFormatter={(_label, payload) =>
                (payload[0]?.payload as { range?: string } | undefined)?.range ?? ''
              }
              formatter={(value) =>
                typeof value === 'number'
                  ? t('dash.workspace.values.customers', { n: formatNumber(value, locale) })
                  : String(value)
              }
            />
            <Bar
              dataKey="customers"
              name={t('dash.workspace.values.series')}
              fill={colour}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
    >
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.range}>
                <th scope="row">{p.range}</th>
                <td>{formatNumber(p.customers, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
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
