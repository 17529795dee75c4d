import { useTranslation } from 'react-i18next';
import type { DashboardNote } from '../../../../../shared/contract/dashboards-api';
import { formatNumber } from '../../../../common/format';

/** Why a figure is missing or partial, in the reader's language. */
export function NoteList({ notes }: { notes: readonly DashboardNote[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (notes.length === 0) return null;
  const text = (note: DashboardNote): string => {
    switch (note.code) {
      case 'noOrders':
        return t('dash.notes.noOrders');
      case 'otherCurrencies':
        return t('dash.notes.otherCurrencies', {
          n: formatNumber(note.orders, locale),
          currency: note.currency,
        });
      case 'unlinkedOrders':
        return t('dash.notes.unlinkedOrders', { n: formatNumber(note.orders, locale) });
      case 'modelNotFitted':
        return t(`dash.notes.modelNotFitted.${note.model}`, { reason: note.reason });
      case 'parameterUncertaintyUnavailable':
        return t('dash.notes.parameterUncertaintyUnavailable', { reason: note.reason });
      case 'classesLeftOut':
        return t('dash.notes.classesLeftOut', { n: formatNumber(note.classes, locale) });
    }
  };
  return (
    <ul className="dash-notes" data-testid="dash-notes">
      {notes.map((note) => (
        <li key={JSON.stringify(note)}>{text(note)}</li>
      ))}
    </ul>
  );
}
