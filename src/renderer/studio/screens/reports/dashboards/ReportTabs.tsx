import { useRef, type KeyboardEvent } from 'react';

/**
 * Tabs as the WAI-ARIA tabs pattern has them: one tab in the page's tab order (the selected
 * one), arrow keys move between tabs and select them, Home and End jump to the ends.
 */
export function ReportTabs<T extends string>({
  idPrefix,
  label,
  tabs,
  selected,
  onSelect,
}: {
  idPrefix: string;
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(node) => {
            if (node) refs.current.set(tab.id, node);
            else refs.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.id}`}
          aria-selected={selected === tab.id}
          aria-controls={`${idPrefix}-panel-${tab.id}`}
          tabIndex={selected === tab.id ? 0 : -1}
          className={selected === tab.id ? 'tab active' : 'tab'}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(event) => move(event, index)}
          data-testid={`${idPrefix}-tab-${tab.id}`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
