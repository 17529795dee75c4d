import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chapter, Note, ReviewTimeline } from '../../../../shared/contract/review-api';
import { chapterTitle, sceneLabel } from './chapter-title';
import { formatTimecode } from './review-time';

/** The share of the timeline's width at second `t`, as a CSS percentage. */
function at(t: number, duration: number): string {
  return `${String(Math.min(100, Math.max(0, (t / duration) * 100)))}%`;
}

/**
 * The class on one time axis under the video: viewers watching (curve), interactions per 10 s
 * (heat strip), the educator's events, chat, moments and chapters; gaps between recording parts
 * hatched. Clicking anything (or anywhere on the curve) seeks there.
 */
export function TimelineView({
  data,
  chapters,
  notes,
  time,
  onSeek,
}: {
  data: ReviewTimeline;
  chapters: readonly Chapter[];
  notes: readonly Note[];
  time: number;
  onSeek: (t: number) => void;
}) {
  const { t } = useTranslation();
  const duration = Math.max(1, data.class.durationS);
  const bucketS = data.bucketS;
  const maxViewers = Math.max(1, ...data.viewers);
  const kinds = Object.keys(data.interactions);
  const totals = data.viewers.map((_, i) =>
    kinds.reduce((sum, kind) => sum + (data.interactions[kind]?.[i] ?? 0), 0),
  );
  const maxTotal = Math.max(1, ...totals);
  // A step line of the time-weighted viewers in each bucket, over the bucket's own span.
  const maxAverage = Math.max(1, ...data.averageViewers);
  const points = data.averageViewers
    .flatMap((v, i) => {
      const x0 = (i * bucketS * 100) / duration;
      const x1 = (Math.min(duration, (i + 1) * bucketS) * 100) / duration;
      const y = String(maxAverage - v);
      return [`${String(x0)},${y}`, `${String(x1)},${y}`];
    })
    .join(' ');
  const seekAtPointer = (event: MouseEvent<HTMLElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width <= 0) return;
    onSeek(((event.clientX - rect.left) / rect.width) * duration);
  };
  const kindLabel = (kind: string): string =>
    kind === 'scene' ? t('replay.markerScene') : t(`review.kind.${kind}`, { defaultValue: kind });
  const markers = data.markers.filter((m) => m.kind !== 'question' && m.kind !== 'offer_click');
  const small = data.markers.filter((m) => m.kind === 'question' || m.kind === 'offer_click');

  return (
    <div
      className="review-timeline"
      role="group"
      aria-label={t('review.timeline.label')}
      data-testid="review-timeline"
    >
      <div className="rt-labels">
        <span>{t('review.timeline.viewers')}</span>
        <span>{t('review.timeline.heat')}</span>
        <span>{t('review.timeline.events')}</span>
        <span>{t('review.timeline.chat')}</span>
        <span>{t('review.timeline.moments')}</span>
        <span>{t('review.timeline.chapters')}</span>
      </div>
      <div className="rt-track">
        <div
          className="rt-row rt-curve"
          onClick={seekAtPointer}
          title={t('review.timeline.viewers')}
          data-testid="review-curve"
        >
          <svg
            viewBox={`0 ${String(-maxAverage * 0.15)} 100 ${String(maxAverage * 1.2)}`}
            preserveAspectRatio="none"
          >
            <polyline points={points} vectorEffect="non-scaling-stroke" />
          </svg>
          <span className="rt-max">{maxViewers}</span>
        </div>
        <div className="rt-row rt-heat">
          {totals.map((total, i) => (
            <div
              key={i}
              className="rt-cell"
              style={{
                left: at(i * bucketS, duration),
                width: at(bucketS, duration),
                opacity: total === 0 ? 0 : 0.15 + (0.85 * total) / maxTotal,
              }}
              title={`${formatTimecode(i * bucketS)} · ${kinds
                .filter((k) => (data.interactions[k]?.[i] ?? 0) > 0)
                .map((k) => `${kindLabel(k)} ${String(data.interactions[k]?.[i] ?? 0)}`)
                .join(', ')}`}
              onClick={() => onSeek(i * bucketS)}
            />
          ))}
        </div>
        <div className="rt-row rt-events">
          {small.map((m, i) => (
            <span
              key={`s${String(i)}`}
              className={`rt-tick k-${m.kind}`}
              style={{ left: at(m.t, duration) }}
              title={`${formatTimecode(m.t)} ${kindLabel(m.kind)}: ${m.label}`}
              onClick={() => onSeek(m.t)}
            />
          ))}
          {markers.map((m, i) => {
            const label = m.kind === 'scene' ? sceneLabel(t, m.label) : m.label;
            return (
              <button
                key={`m${String(i)}`}
                type="button"
                className={`rt-marker k-${m.kind}`}
                style={{
                  left: at(m.t, duration),
                  width: m.endT === null ? undefined : at(Math.max(0, m.endT - m.t), duration),
                }}
                title={`${formatTimecode(m.t)} ${kindLabel(m.kind)}${label ? `: ${label}` : ''}`}
                aria-label={`${kindLabel(m.kind)} ${formatTimecode(m.t)} ${label}`}
                onClick={() => onSeek(m.t)}
                data-testid={`review-marker-${m.kind}`}
                data-t={m.t}
              />
            );
          })}
          {notes.map((n) => (
            <span
              key={`n${String(n.id)}`}
              className="rt-tick k-note"
              style={{ left: at(n.t, duration) }}
              title={`${formatTimecode(n.t)} ${n.text}`}
              onClick={() => onSeek(n.t)}
            />
          ))}
        </div>
        <div className="rt-row rt-chat">
          {data.chat.map((line) => (
            <span
              key={line.id}
              className={line.fromHost ? 'rt-tick k-host' : 'rt-tick'}
              style={{ left: at(line.t, duration) }}
              title={`${formatTimecode(line.t)} ${line.text}`}
              onClick={() => onSeek(line.t)}
            />
          ))}
        </div>
        <div className="rt-row rt-moments">
          {data.moments.map((m, i) => (
            <button
              key={i}
              type="button"
              className={`rt-moment k-${m.kind}`}
              style={{ left: at(m.t, duration) }}
              title={`${formatTimecode(m.t)} ${t(`review.moments.${m.kind}`, { ...m.numbers, label: m.label, dropAt: formatTimecode(m.numbers['dropAt'] ?? 0) })}`}
              onClick={() => onSeek(m.t)}
              data-testid={`review-moment-marker-${m.kind}`}
            >
              ◆
            </button>
          ))}
        </div>
        <div className="rt-row rt-chapters">
          {chapters.map((c, i) => (
            <button
              key={`${String(c.t)}-${String(i)}`}
              type="button"
              className="rt-chapter"
              style={{
                left: at(c.t, duration),
                width: at((chapters[i + 1]?.t ?? duration) - c.t, duration),
              }}
              title={`${formatTimecode(c.t)} ${chapterTitle(t, c)}`}
              onClick={() => onSeek(c.t)}
            >
              {chapterTitle(t, c)}
            </button>
          ))}
        </div>
        {data.gaps.map((g) => (
          <div
            key={g.fromS}
            className="rt-gap"
            style={{ left: at(g.fromS, duration), width: at(g.toS - g.fromS, duration) }}
            title={`${t('review.timeline.gap')} ${formatTimecode(g.fromS)}–${formatTimecode(g.toS)}`}
          />
        ))}
        <div className="rt-playhead" style={{ left: at(time, duration) }} />
      </div>
      <div className="rt-legend">
        {[...new Set(markers.map((m) => m.kind))].map((kind) => (
          <span key={kind}>
            <i className={`rt-swatch k-${kind}`} /> {kindLabel(kind)}
          </span>
        ))}
      </div>
    </div>
  );
}
