import type { LeaderboardPublic, MyPointsPublic } from '../../../shared/contract/points-protocol';
import { useTranslation } from '../i18n';

/** The class's leaderboard (top 10), the viewer's own standing, and how points are earned. */
export function LeaderboardCard({
  board,
  mine,
  viewerId,
}: {
  board: LeaderboardPublic;
  mine: MyPointsPublic | null;
  viewerId: string | null;
}) {
  const { t } = useTranslation();
  return (
    <section className="card leaderboard" data-testid="leaderboard">
      <div className="eyebrow">{t('points.label')}</div>
      <p data-testid="my-points">
        {mine ? t('points.mine', { rank: mine.rank, points: mine.points }) : t('points.none')}
      </p>
      <ol>
        {board.top.map((row) => (
          <li key={row.viewerId || row.rank} className={row.viewerId === viewerId ? 'you' : ''}>
            <span>
              {row.rank}. {row.name || t('points.anonymous', { rank: row.rank })}
            </span>
            <strong>{row.points}</strong>
          </li>
        ))}
      </ol>
      <details>
        <summary>{t('points.how')}</summary>
        <ul>
          {board.weights.map((w) => {
            const kind = t(`points.kind.${w.kind}`);
            return (
              <li key={w.kind}>
                {w.cap === null
                  ? t('points.weight', { kind, weight: w.weight })
                  : t('points.capped', { kind, weight: w.weight, cap: w.cap })}
              </li>
            );
          })}
        </ul>
      </details>
    </section>
  );
}
