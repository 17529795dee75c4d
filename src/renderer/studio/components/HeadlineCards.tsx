import type { ReactNode } from 'react';

/** One headline number: its label, its value and an optional note under it. */
export interface HeadlineCard {
  id: string;
  label: ReactNode;
  value: string;
  note?: ReactNode;
}

/**
 * A row of headline cards (`.headline-cards`), shared by the reports, the dashboards and the
 * learner page. `longAt`: a value longer than this many characters gets the smaller `long` style.
 */
export function HeadlineCards({
  cards,
  className,
  label,
  testId,
  cardTestId,
  longAt,
  valueTag = 'strong',
}: {
  cards: readonly HeadlineCard[];
  /** Extra classes besides `headline-cards`. */
  className?: string;
  /** The list's accessible name. */
  label?: string;
  testId?: string;
  /** Each card's test id, from its id. */
  cardTestId?: (id: string) => string;
  longAt?: number;
  valueTag?: 'strong' | 'span';
}) {
  const ValueTag = valueTag;
  return (
    <ul
      className={className ? `headline-cards ${className}` : 'headline-cards'}
      aria-label={label}
      data-testid={testId}
    >
      {cards.map((card) => (
        <li key={card.id} className="headline-card" data-testid={cardTestId?.(card.id)}>
          <span className="headline-label">{card.label}</span>
          <ValueTag
            className={
              longAt !== undefined && card.value.length > longAt
                ? 'headline-value long'
                : 'headline-value'
            }
          >
            {card.value}
          </ValueTag>
          {card.note ? <span className="headline-previous muted">{card.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}
