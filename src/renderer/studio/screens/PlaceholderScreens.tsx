import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';

// Screens whose features arrive with later issues. Each says plainly what is and is not there yet
// and shows the real data it already can; none pretends to work. (Reports moved to reports/.)

export function ReviewScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <ScreenHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <EmptyState>{t('review.none')}</EmptyState>
    </section>
  );
}
