import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { SessionsTable } from './LibraryScreen';

// Screens whose features arrive with later issues. Each says plainly what is and is not there yet
// and shows the real data it already can; none pretends to work.

export function BroadcastScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <ScreenHeader title={t('broadcast.title')} subtitle={t('broadcast.subtitle')} />
      <EmptyState>{t('broadcast.notYet')}</EmptyState>
    </section>
  );
}

export function ReportsScreen({
  workspaceKey,
  sessionCount,
}: {
  workspaceKey: string;
  sessionCount: number;
}) {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <ScreenHeader title={t('reports.title')} subtitle={t('reports.subtitle')} />
      {sessionCount === 0 ? (
        <EmptyState>{t('reports.none')}</EmptyState>
      ) : (
        <>
          <p className="notice">{t('reports.pending')}</p>
          <h2>{t('reports.ended')}</h2>
          <SessionsTable workspaceKey={workspaceKey} endedOnly />
        </>
      )}
    </section>
  );
}

export function ReviewScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <ScreenHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <EmptyState>{t('review.none')}</EmptyState>
    </section>
  );
}
