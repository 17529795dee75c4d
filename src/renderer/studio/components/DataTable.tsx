import type { ReactNode } from 'react';

/** One column of a DataTable: its header and how a row fills its cell. */
export interface DataColumn<Row> {
  key: string;
  header: ReactNode;
  /** A number column: right-aligned header and cells. */
  num?: boolean;
  /** Extra classes of the column's cells (e.g. `strong`, `nowrap`). */
  cellClassName?: string;
  /** The cells name their row (`<th scope="row">`). */
  rowHeader?: boolean;
  cell: (row: Row) => ReactNode;
}

function classes(...names: (string | undefined | false)[]): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/**
 * A table of rows (`.data-table`) in a horizontally scrolling box, shared by the reports, the
 * dashboards and the learner page. A caption, when given, is for screen readers only.
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  className,
  testId,
  caption,
  rowClassName,
  rowTestId,
}: {
  rows: readonly Row[];
  columns: readonly DataColumn<Row>[];
  rowKey: (row: Row) => string | number;
  /** Extra classes besides `data-table`. */
  className?: string;
  testId?: string;
  caption?: ReactNode;
  rowClassName?: (row: Row) => string | undefined;
  rowTestId?: (row: Row) => string | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className={classes('data-table', className)} data-testid={testId}>
        {caption === undefined ? null : <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={classes(c.num && 'num')}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)} data-testid={rowTestId?.(row)}>
              {columns.map((c) => {
                const className = classes(c.num && 'num', c.cellClassName);
                return c.rowHeader ? (
                  <th key={c.key} scope="row" className={className}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key} className={className}>
                    {c.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
