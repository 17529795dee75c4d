import { useTranslation } from 'react-i18next';
import type { WorkspaceOverview } from '../../../../../shared/contract/dashboards-api';
import { formatMoney, formatNumber } from '../../../../common/format';
import { HeadlineCards } from '../../../components/HeadlineCards';
import { formatShare } from '../report-format';

/** The workspace overview's headline cards. */
export function WorkspaceCards({ data }: { data: WorkspaceOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('dash.none');
  const main = data.revenue.currencies[0];
  const last = data.buyers[data.buyers.length - 1];
  const end = data.forecast?.weeks[data.forecast.weeks.length - 1];
  const cards = [
    {
      id: 'revenue',
      label: t('dash.workspace.cards.revenue'),
      value: main ? formatMoney(main.netMinor, main.currency, locale) : none,
    },
    {
      id: 'orders',
      label: t('dash.workspace.cards.orders'),
      value: formatNumber(
        data.revenue.currencies.reduce((s, c) => s + c.orders, 0),
        locale,
      ),
    },
    {
      id: 'buyers',
      label: t('dash.workspace.cards.buyers'),
      value: last ? formatNumber(last.buyersToDate, locale) : none,
    },
    {
      id: 'repeat',
      label: t('dash.workspace.cards.repeat'),
      value: formatShare(last?.repeatShareToDate ?? null, locale) ?? none,
    },
    {
      id: 'forecast',
      label: t('dash.workspace.cards.forecast', { weeks: data.forecast?.weeks.length ?? 0 }),
      value: end ? formatNumber(Math.round(end.expected), locale) : none,
    },
  ];
  return (
    <HeadlineCards
      cards={cards}
      className="dash-cards"
      label={t('dash.workspace.cards.label')}
      cardTestId={(id) => `workspace-card-${id}`}
      longAt={10}
    />
  );
}
