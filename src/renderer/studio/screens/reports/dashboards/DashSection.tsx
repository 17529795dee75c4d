import type { ReactNode } from 'react';

/**
 * One dashboard section: its title, the question it answers, and a "How is this computed?"
 * disclosure with the written definition of every figure it shows (DESIGN.md §6).
 */
export function DashSection({
  id,
  title,
  ask,
  howLabel,
  definitions,
  children,
}: {
  id: string;
  title: string;
  ask: string;
  howLabel: string;
  definitions: readonly string[];
  children: ReactNode;
}) {
  return (
    <section
      className="report-section dash-section"
      id={`dash-${id}`}
      aria-labelledby={`dash-${id}-title`}
      data-testid={`dash-section-${id}`}
    >
      <header className="report-section-head">
        <h2 id={`dash-${id}-title`}>{title}</h2>
        <p className="report-ask">{ask}</p>
      </header>
      {children}
      <details className="report-how" data-testid={`dash-how-${id}`}>
        <summary>{howLabel}</summary>
        <ul>
          {definitions.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
