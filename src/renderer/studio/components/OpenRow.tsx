import type { ReactNode } from 'react';

/**
 * A table row that opens something (a class's report, a course's dashboard): a click anywhere
 * on it opens; its first cell is the name as a link button (the keyboard's way in), then the
 * row's other cells, then a last cell with the "… →" hint.
 */
export function OpenRow({
  name,
  onOpen,
  title,
  testId,
  hint,
  children,
}: {
  name: ReactNode;
  onOpen: () => void;
  /** The link button's title ("Open the report of …"). */
  title: string;
  testId: string;
  hint: ReactNode;
  children: ReactNode;
}) {
  return (
    <tr className="report-row" onClick={onOpen}>
      <td className="strong">
        <button
          type="button"
          className="link-button"
          onClick={(event) => {
            event.stopPropagation();
            onOpen();
          }}
          title={title}
          data-testid={testId}
        >
          {name}
        </button>
      </td>
      {children}
      <td className="nowrap">
        <span className="report-open-hint" aria-hidden="true">
          {hint} →
        </span>
      </td>
    </tr>
  );
}
