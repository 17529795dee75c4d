import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type SectionId =
  | 'headline'
  | 'attendance'
  | 'engagement'
  | 'funnel'
  | 'polls'
  | 'repurchase'
  | 'segments'
  | 'insights';
/** In page order; the last three need the customer models, which arrive after the rest. */
export const SECTION_IDS: readonly SectionId[] = [
  'headline',
  'attendance',
  'engagement',
  'funnel',
  'polls',
  'repurchase',
  'segments',
  'insights',
];

/**
 * One report section: its title, the question it answers in plain words, and a "How is this
 * computed?" disclosure with the written definition of every metric it shows (DESIGN.md §6).
 */
export function ReportSection({
  id,
  definitions,
  children,
}: {
  id: SectionId;
  definitions: readonly string[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section
      className="report-section"
      id={`report-${id}`}
      aria-labelledby={`report-${id}-title`}
      tabIndex={-1}
      data-testid={`report-section-${id}`}
    >
      <header className="report-section-head">
        <h2 id={`report-${id}-title`}>{t(`report.sections.${id}`)}</h2>
        <p className="report-ask">{t(`report.asks.${id}`)}</p>
      </header>
      {children}
      <details className="report-how" data-testid={`report-how-${id}`}>
        <summary>{t('report.howComputed')}</summary>
        <ul>
          {definitions.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** Text for screen readers only (a chart's data table, a longer label). */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <div className="visually-hidden">{children}</div>;
}
