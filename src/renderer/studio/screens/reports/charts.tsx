import type { ReactNode } from 'react';
import {
  Area,
  BarChart,
  CartesianGrid,
  ComposedChart,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
  type XAxisProps,
  type YAxisProps,
} from 'recharts';
import { formatNumber } from '../../../common/format';
import { CHART } from './palette';
import { VisuallyHidden } from './ReportSection';
import { formatShare } from './report-format';

// The scaffolding every chart of the reports, the dashboards and the learner page shares: a
// responsive chart with horizontal grid lines and the x axis (its y axes, tooltip, legend and
// series are the children), y axes and tooltips that write numbers in the locale's digits, bar
// labels, and the dash and width of series lines.

export interface ChartMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const MARGIN: ChartMargin = { top: 8, right: 12, bottom: 8, left: 4 };

/** What every series line has: 2 px, drawn at once (no animation in a report). */
export const SERIES_LINE = { strokeWidth: 2, isAnimationActive: false } as const;
/** The dash of a second series, so that series never differ by colour alone. */
export const SECOND_DASH = '6 3';

export function CartesianChart({
  data,
  height,
  xKey,
  xAxis,
  kind = 'line',
  margin = MARGIN,
  children,
}: {
  data: readonly object[];
  height: number;
  /** The point's field the x axis shows. */
  xKey: string;
  /** The x axis's other settings (ticks, padding, a title). */
  xAxis?: Omit<XAxisProps, 'dataKey' | 'ref'>;
  /** Lines only, bars only, or a composed chart (bars or a band area with lines). */
  kind?: 'line' | 'bar' | 'composed';
  margin?: ChartMargin;
  children: ReactNode;
}) {
  const Chart = kind === 'composed' ? ComposedChart : kind === 'bar' ? BarChart : LineChart;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <Chart data={data} margin={margin}>
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis dataKey={xKey} stroke={CHART.axis} {...xAxis} />
        {children}
      </Chart>
    </ResponsiveContainer>
  );
}

/** Numbers in the locale's digits ("1,234"). */
export function numberFormat(locale: string): (value: number) => string {
  return (value) => formatNumber(value, locale);
}

/** Shares held as percentages (0–100) in the locale's style ("45%"). */
export function percentFormat(locale: string, digits = 0): (value: number) => string {
  return (value) => formatShare(value / 100, locale, digits) ?? '';
}

type AxisProps = Omit<YAxisProps, 'ref' | 'tickFormatter'>;

/**
 * A y axis whose ticks `format` writes (money, minutes, shares); 44 px wide in the axis colour
 * unless `props` say otherwise. A function rather than a component: recharts reads its children.
 */
export function valueAxis(format: (value: number) => string, props: AxisProps = {}): ReactNode {
  return (
    <YAxis
      stroke={CHART.axis}
      width={44}
      tickFormatter={(value: number) => format(value)}
      {...props}
    />
  );
}

/** A y axis of whole counts (viewers, buyers) in the locale's digits. */
export function countAxis(locale: string, props: AxisProps = {}): ReactNode {
  return valueAxis(numberFormat(locale), { allowDecimals: false, ...props });
}

/**
 * A tooltip formatter: numbers by `format`, or by their series' own format where `byName` has one
 * (keyed by the series' name as the legend shows it); anything else as it is.
 */
export function tooltipFormat(
  format: (value: number) => string,
  byName: Readonly<Record<string, (value: number) => string>> = {},
) {
  return (value: unknown, name: unknown): string =>
    typeof value === 'number' ? (byName[String(name)] ?? format)(value) : String(value);
}

/** A tooltip formatter for values and [lower, upper] bands ("12 – 18"). */
export function rangeFormatter(format: (value: number) => string) {
  return (value: unknown): string =>
    Array.isArray(value)
      ? value.map((v) => format(Number(v))).join(' – ')
      : typeof value === 'number'
        ? format(value)
        : String(value);
}

/** A forecast's uncertainty band (the points' `band` field, [lower, upper]). */
export function bandArea(name: string, fill: string): ReactNode {
  return (
    <Area
      dataKey="band"
      name={name}
      stroke="none"
      fill={fill}
      fillOpacity={0.3}
      isAnimationActive={false}
    />
  );
}

/** The value over each bar, in the chart's small dark type; `format` writes numbers. */
export function barLabel(format?: (value: number) => string) {
  return {
    position: 'top' as const,
    fontSize: 11,
    fill: '#1c2330',
    ...(format
      ? { formatter: (v: unknown) => (typeof v === 'number' ? format(v) : '') }
      : undefined),
  };
}

/** An axis title under the x axis, `offset` px below its ticks. */
export function axisTitle(value: string, offset: number) {
  return { value, position: 'insideBottom' as const, offset, fill: CHART.axis, fontSize: 12 };
}

/**
 * A chart's numbers as a table for screen readers only: its caption, column headers when given,
 * a row per point; with `rowHeader`, each row's first cell is that row's header.
 */
export function ChartTable<Row>({
  caption,
  headers,
  rows,
  rowKey,
  cells,
  rowHeader = false,
}: {
  caption: ReactNode;
  headers?: readonly ReactNode[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  cells: (row: Row) => readonly ReactNode[];
  rowHeader?: boolean;
}) {
  return (
    <VisuallyHidden>
      <table>
        <caption>{caption}</caption>
        {headers ? (
          <thead>
            <tr>
              {headers.map((header, i) => (
                <th key={i}>{header}</th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {cells(row).map((cell, i) =>
                rowHeader && i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </VisuallyHidden>
  );
}

/**
 * A legend drawn by hand, when the chart's own would not say enough: a swatch (its classes) and
 * a label per item, `false` for an item left out. Hidden from screen readers, which have the
 * figure's summary and table.
 */
export function ChartLegend({
  items,
}: {
  items: readonly ({ swatch: string; label: ReactNode } | false)[];
}) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {items.map((item) =>
        item === false ? null : (
          <li key={item.swatch}>
            <span className={`swatch ${item.swatch}`} />
            {item.label}
          </li>
        ),
      )}
    </ul>
  );
}
