import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerReplay } from '../../../../shared/contract/lan-replay-api';
import type { LearnerId } from '../../../../shared/model/ids';
import { formatDateTime } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import { formatDuration } from '../reports/report-format';
import { Part } from './LearnerPart';

function clock(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  const m = Math.floor(whole / 60);
  return `${String(m)}:${String(whole % 60).padStart(2, '0')}`;
}

const percent = (share: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** The class replays the learner watched on the join link: how much, which spans and chapters. */
export function ReplayPart({ learnerId }: { learnerId: LearnerId }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useStudio();
  const [replays, setReplays] = useState<LearnerReplay[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.invoke('review.learnerReplays', { learnerId }).then(
      (value) => {
        if (current) setReplays(value.replays);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [client, learnerId]);

  return (
    <Part title={t('lanReplay.learner.title')} testId="learner-replays">
      {error ? <p className="error">{error}</p> : null}
      {replays?.length === 0 ? <p className="muted">{t('lanReplay.learner.none')}</p> : null}
      {replays?.map((r) => (
        <div key={r.sessionId} className="learner-replay" data-testid="learner-replay">
          <h3>{r.title}</h3>
          <p>
            {t('lanReplay.learner.watched', {
              watched: formatDuration(r.watchedS * 1_000, locale),
              duration: formatDuration(r.durationS * 1_000, locale),
              share: percent(r.share, locale),
            })}{' '}
            <span className="muted">
              {t('lanReplay.learner.last', { date: formatDateTime(r.lastAt, locale) })}
            </span>
          </p>
          <div
            className="replay-bar"
            role="img"
            aria-label={t('lanReplay.learner.spans')}
            style={{ position: 'relative', height: 10, background: '#e5e7eb', borderRadius: 5 }}
          >
            {r.spans.map((s) => (
              <span
                key={s.fromS}
                style={{
                  position: 'absolute',
                  top: 0,
                  bottom: 0,
                  left: `${String((s.fromS / Math.max(r.durationS, 1)) * 100)}%`,
                  width: `${String(((s.toS - s.fromS) / Math.max(r.durationS, 1)) * 100)}%`,
                  background: '#2563eb',
                  borderRadius: 5,
                }}
              />
            ))}
          </div>
          <p className="small">
            {t('lanReplay.learner.spans')}:{' '}
            <span data-testid="learner-replay-spans">
              {r.spans.map((s) => `${clock(s.fromS)}–${clock(s.toS)}`).join(', ')}
            </span>
          </p>
          {r.chapters.length > 0 ? (
            <ul className="small">
              {r.chapters.map((c, i) => (
                <li key={`${String(c.t)}-${String(i)}`}>
                  {clock(Math.max(0, c.t))}{' '}
                  {c.title || (c.source === 'start' ? t('lanReplay.learner.start') : '')} —{' '}
                  {t('lanReplay.learner.chapterShare', { share: percent(c.watchedShare, locale) })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
      <p className="muted small">{t('lanReplay.learner.counts')}</p>
    </Part>
  );
}
