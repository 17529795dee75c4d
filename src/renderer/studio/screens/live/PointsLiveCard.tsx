import { useTranslation } from 'react-i18next';
import type { ClassPoints } from '../../../../shared/contract/points-api';
import type { PointsWeight } from '../../../../shared/contract/points-protocol';
import type { SessionId } from '../../../../shared/model/ids';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { usePendingSwitch } from '../../api/use-pending-switch';
import { useQuery } from '../../api/use-query';
import type { Act } from './LivePanel';

/** One weight of the formula, in the host's language. */
export function useWeightLabel(): (w: PointsWeight) => string {
  const { t } = useTranslation();
  return (w) => {
    const kind = t(`points.kind.${w.kind}`, { defaultValue: w.kind });
    return w.cap === null
      ? t('points.weight', { kind, weight: w.weight })
      : t('points.capped', { kind, weight: w.weight, cap: w.cap });
  };
}

/** The Live screen's class points: the switch, the weights and the leaderboard (top 10). */
export function PointsLiveCard({ sessionId, act }: { sessionId: SessionId; act: Act }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const version = useEventVersion(['points.changed']);
  const query = useQuery<ClassPoints>(`points:${String(sessionId)}:${String(version)}`, () =>
    client.invoke('points.state', { sessionId }),
  );
  const weightLabel = useWeightLabel();
  const points = query.data;
  const shown = usePendingSwitch(points?.enabled);
  if (!points) return null;
  return (
    <section className="card points-live" aria-label={t('points.title')} data-testid="points-card">
      <h2>{t('points.title')}</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={shown.checked}
          disabled={shown.pending}
          data-testid="points-switch"
          onChange={(e) => {
            const enabled = e.target.checked;
            act(() =>
              shown.flip(enabled, () => client.invoke('points.set', { sessionId, enabled })),
            );
          }}
        />
        {t('points.switch')}
      </label>
      <p className="muted">{t('points.hint')}</p>
      <details>
        <summary>{t('points.weights')}</summary>
        <ul className="plain-list" data-testid="points-weights">
          {points.weights.map((w) => (
            <li key={w.kind}>{weightLabel(w)}</li>
          ))}
        </ul>
      </details>
      <h3>{t('points.leaderboard')}</h3>
      {points.top.length === 0 ? (
        <p className="muted">{points.enabled ? t('points.empty') : t('points.off')}</p>
      ) : (
        <ol className="plain-list" data-testid="points-leaderboard">
          {points.top.map((row) => (
            <li key={row.learnerId}>
              {t('points.row', {
                rank: row.rank,
                name: row.name || t('points.anonymous', { rank: row.rank }),
                points: formatNumber(row.points, i18n.language),
              })}
            </li>
          ))}
        </ol>
      )}
      <p className="muted">{t('points.scored', { count: points.scored })}</p>
    </section>
  );
}
