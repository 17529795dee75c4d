import { useId, type ReactNode } from 'react';

/**
 * A chart in a report: a figure whose caption holds the chart's title and a summary in words
 * (the figure's description), a legend of its own if any, the chart in a `.chart-box` (none when
 * `chart` is null, e.g. too few points), then anything else of the figure (a table for screen
 * readers, a visible table).
 */
export function ChartFrame({
  title,
  summary,
  legend,
  chart,
  children,
  className,
  chartTestId,
  summaryTestId,
  testId,
  attributes,
}: {
  /** Omitted when the section's heading already names the chart. */
  title?: ReactNode;
  summary: ReactNode;
  /** A legend drawn by hand between the caption and the chart. */
  legend?: ReactNode;
  /** The chart itself (a recharts ResponsiveContainer), or null for none. */
  chart: ReactNode;
  /** What follows the chart inside the figure. */
  children?: ReactNode;
  /** Extra classes besides `report-figure`. */
  className?: string;
  chartTestId?: string;
  summaryTestId?: string;
  testId?: string;
  /** More `data-*` attributes of the figure. */
  attributes?: Record<`data-${string}`, string>;
}) {
  const summaryId = useId();
  return (
    <figure
      className={className ? `report-figure ${className}` : 'report-figure'}
      aria-describedby={summaryId}
      data-testid={testId}
      {...attributes}
    >
      <figcaption>
        {title === undefined ? null : <strong>{title}</strong>}
        <span id={summaryId} className="figure-summary" data-testid={summaryTestId}>
          {summary}
        </span>
      </figcaption>
      {legend}
      {chart === null ? null : (
        <div className="chart-box" data-testid={chartTestId}>
          {chart}
        </div>
      )}
      {children}
    </figure>
  );
}
