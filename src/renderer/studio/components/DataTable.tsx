import type { ReactNode } from 'react';

/** One column of a DataTable: its header and how a row fills its cell. */
export interface DataColumn<Row> {
  key: string;
  header: ReactNode;
  /** A number column: right-aligned header and cells. */
  num?: boolean;
  /** Extra classes of the column's cells (e.g. `strong`, `nowrap`). */
  cellClassName?: string;
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
}: {
  rows: readonly Row[];
  columns: readonly DataColumn<Row>[];
  rowKey: (row: Row) => string | number;
  /** Extra classes besides `data-table`. */
  className?: string;
  testId?: string;
  caption?: ReactNode;
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
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={classes(c.num && 'num', c.cellClassName)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
