import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerSummary } from '../../../../shared/model/domain';
import type { LearnerId, OrderId } from '../../../../shared/model/ids';
import { formatDateTime, formatMoney } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

const UNMATCHED_SHOWN = 50;
const LEARNERS_FOUND = 20;

/** Orders no learner identity matched: link each to a learner by hand, or to a new one. */
export function UnmatchedOrders({ dataKey, quiet }: { dataKey: string; quiet: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [version, setVersion] = useState(0);
  // The name linked last (a notice that follows a change of language); gone while importing.
  const [linkedName, setLinkedName] = useState<string | null>(null);
  const list = useQuery(`unmatched:${dataKey}:${String(version)}`, () =>
    client.invoke('orders.unmatched', { limit: UNMATCHED_SHOWN, offset: 0 }),
  );
  const rows = list.data?.rows ?? [];

  return (
    <section aria-labelledby="unmatched-title" data-testid="unmatched-orders">
      <h3 id="unmatched-title">
        {t('importWizard.unmatchedTitle')}
        {list.data && list.data.total > 0 ? (
          <span className="count-badge unmatched-count">{list.data.total}</span>
        ) : null}
      </h3>
      {linkedName !== null && !quiet ? (
        <p className="notice" role="status" data-testid="unmatched-notice">
          {t('importWizard.linked', { name: linkedName })}
        </p>
      ) : null}
      {list.status === 'error' ? <p className="error">{list.message}</p> : null}
      {rows.length === 0 && list.status === 'ready' ? (
        <p className="muted">{t('importWizard.unmatchedNone')}</p>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="muted">{t('importWizard.unmatchedHint')}</p>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('importWizard.order')}</th>
                  <th scope="col">{t('importWizard.date')}</th>
                  <th scope="col" className="num">
                    {t('importWizard.total')}
                  </th>
                  <th scope="col">{t('importWizard.buyer')}</th>
                  <th scope="col">{t('importWizard.linkTo')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((order) => (
                  <tr key={order.id} data-testid="unmatched-order">
                    <td>
                      {order.externalId} <span className="muted">({order.source})</span>
                    </td>
                    <td>{formatDateTime(order.orderedAt, locale)}</td>
                    <td className="num">{formatMoney(order.totalMinor, order.currency, locale)}</td>
                    <td>{order.buyer.hint ?? '—'}</td>
                    <td>
                      <LinkOrder
                        orderId={order.id}
                        label={order.externalId}
                        onLinked={(name) => {
                          setLinkedName(name);
                          setVersion((v) => v + 1);
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

function LinkOrder({
  orderId,
  label,
  onLinked,
}: {
  orderId: OrderId;
  label: string;
  onLinked: (name: string) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<LearnerSummary | null>(null);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const found = useQuery(`learners:${search}`, () =>
    search.trim() === ''
      ? Promise.resolve({ total: 0, rows: [] as LearnerSummary[] })
      : client.invoke('library.learners', { search: search.trim(), limit: LEARNERS_FOUND }),
  );

  const link = async (
    input: { learnerId: LearnerId } | { newLearnerName: string },
    name: string,
  ) => {
    setError(null);
    try {
      await client.invoke('orders.link', { orderId, ...input });
      onLinked(name);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="inline-form" data-testid="link-order">
      <input
        type="search"
        placeholder={t('importWizard.searchLearner')}
        aria-label={`${t('importWizard.searchLearner')} (${label})`}
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setChosen(null);
        }}
        data-testid="link-search"
      />
      <select
        aria-label={`${t('importWizard.chooseLearner')} (${label})`}
        value={chosen ? String(chosen.id) : ''}
        onChange={(event) =>
          setChosen(found.data?.rows.find((l) => String(l.id) === event.target.value) ?? null)
        }
        data-testid="link-learner"
      >
        <option value="">{t('importWizard.chooseLearner')}</option>
        {(found.data?.rows ?? []).map((learner) => (
          <option key={learner.id} value={String(learner.id)}>
            {learner.displayName}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={chosen === null}
        onClick={() => chosen && void link({ learnerId: chosen.id }, chosen.displayName)}
        data-testid="link-submit"
      >
        {t('importWizard.link')}
      </button>
      <input
        placeholder={t('importWizard.newLearnerName')}
        aria-label={`${t('importWizard.newLearner')} (${label})`}
        value={newName}
        maxLength={100}
        onChange={(event) => setNewName(event.target.value)}
        data-testid="link-new-name"
      />
      <button
        type="button"
        disabled={newName.trim() === ''}
        onClick={() => void link({ newLearnerName: newName.trim() }, newName.trim())}
        data-testid="link-create"
      >
        {t('importWizard.createAndLink')}
      </button>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
