import { useId, type ReactNode } from 'react';

/**
 * A chart in a report: a figure whose caption holds the chart's title and a summary in words
 * (the figure's description), the chart in a `.chart-box`, then anything else of the figure
 * (a table for screen readers, a visible table).
 */
export function ChartFrame({
  title,
  summary,
  chart,
  children,
  className,
  chartTestId,
  summaryTestId,
  testId,
}: {
  title: ReactNode;
  summary: ReactNode;
  /** The chart itself (a recharts ResponsiveContainer). */
  chart: ReactNode;
  /** What follows the chart inside the figure. */
  children?: ReactNode;
  /** Extra classes besides `report-figure`. */
  className?: string;
  chartTestId?: string;
  summaryTestId?: string;
  testId?: string;
}) {
  const summaryId = useId();
  return (
    <figure
      className={className ? `report-figure ${className}` : 'report-figure'}
      aria-describedby={summaryId}
      data-testid={testId}
    >
      <figcaption>
        <strong>{title}</strong>
        <span id={summaryId} className="figure-summary" data-testid={summaryTestId}>
          {summary}
        </span>
      </figcaption>
      <div className="chart-box" data-testid={chartTestId}>
        {chart}
      </div>
      {children}
    </figure>
  );
}
