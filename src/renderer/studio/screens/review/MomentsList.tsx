import { useTranslation } from 'react-i18next';
import type { ReviewMoment } from '../../../../shared/contract/review-api';
import { formatTimecode } from './review-time';

/** The moments found automatically, each explained by its numbers, with a button to watch it. */
export function MomentsList({
  moments,
  time,
  onSeek,
}: {
  moments: readonly ReviewMoment[];
  time: number;
  onSeek: (t: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="card review-moments" data-testid="review-moments">
      <h2>{t('review.moments.title')}</h2>
      {moments.length === 0 ? <p className="muted">{t('review.moments.none')}</p> : null}
      <ol>
        {moments.map((m, i) => (
          <li
            key={i}
            className={time >= m.t && time < m.endT ? 'current' : ''}
            data-testid={`review-moment-${m.kind}`}
          >
            <button type="button" onClick={() => onSeek(m.t)}>
              {t('review.moments.watch')} {formatTimecode(m.t)}
            </button>{' '}
            <span>
              {t(`review.moments.${m.kind}`, {
                ...m.numbers,
                label: m.label,
                dropAt: formatTimecode(m.numbers['dropAt'] ?? 0),
              })}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
