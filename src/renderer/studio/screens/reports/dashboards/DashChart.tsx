import type { ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  LineChart,
  ResponsiveContainer,
  XAxis,
  type XAxisProps,
} from 'recharts';
import { DASH_CHART } from './colors';

// The scaffolding every dashboard trend chart shares (the workspace forecasts, a course's
// attendance, conversion and return rate): a responsive chart with the dashboards' margins,
// horizontal grid lines and the x axis. Its y axes, tooltip, legend and series are the children.

const MARGIN = { top: 8, right: 12, bottom: 8, left: 4 };

/** What every series line has: 2 px, drawn at once (no animation in a report). */
export const SERIES_LINE = { strokeWidth: 2, isAnimationActive: false } as const;
/** The dash of a second series, so that series never differ by colour alone. */
export const SECOND_DASH = '6 3';

export function DashChart({
  data,
  height,
  xKey,
  xAxis,
  composed = false,
  children,
}: {
  data: readonly object[];
  height: number;
  /** The point's field the x axis shows. */
  xKey: string;
  /** The x axis's other settings (ticks, padding). */
  xAxis?: Omit<XAxisProps, 'dataKey' | 'stroke' | 'ref'>;
  /** A composed chart (a band area under lines) rather than lines only. */
  composed?: boolean;
  children: ReactNode;
}) {
  const Chart = composed ? ComposedChart : LineChart;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <Chart data={data} margin={MARGIN}>
        <CartesianGrid stroke={DASH_CHART.grid} vertical={false} />
        <XAxis dataKey={xKey} stroke={DASH_CHART.axis} {...xAxis} />
        {children}
      </Chart>
    </ResponsiveContainer>
  );
}

/** A forecast's uncertainty band (the points' `band` field, [lower, upper]). */
export function bandArea(name: string): ReactNode {
  return (
    <Area
      dataKey="band"
      name={name}
      stroke="none"
      fill={DASH_CHART.band}
      fillOpacity={0.3}
      isAnimationActive={false}
    />
  );
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
