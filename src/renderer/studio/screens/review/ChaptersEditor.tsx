import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chapter } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { chapterTitle } from './chapter-title';
import { formatTimecode, parseTimecode } from './review-time';

interface Row {
  time: string;
  title: string;
}

/**
 * The class's chapters: suggestions until the educator saves their own list. Each row's start is
 * typed as m:ss (or taken from the playing second) and its title edited in place.
 */
export function ChaptersEditor({
  sessionId,
  chapters,
  saved,
  time,
  durationS,
  onSeek,
  onChange,
}: {
  sessionId: SessionId;
  chapters: readonly Chapter[];
  saved: boolean;
  time: number;
  durationS: number;
  onSeek: (t: number) => void;
  onChange: (chapters: Chapter[], saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  // The parent remounts this editor when the stored list or the language changes.
  const [rows, setRows] = useState<Row[]>(() =>
    chapters.map((c) => ({ time: formatTimecode(c.t), title: chapterTitle(t, c) })),
  );
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const update = (index: number, patch: Partial<Row>): void =>
    setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const save = (list: Row[]): void => {
    const parsed = list.map((row) => ({ t: parseTimecode(row.time), title: row.title }));
    if (parsed.some((c) => c.t === null || c.t > durationS)) {
      setMessage({ error: true, text: t('review.chapters.badTime') });
      return;
    }
    client
      .invoke('review.saveChapters', {
        sessionId,
        chapters: parsed.map((c) => ({ t: c.t ?? 0, title: c.title })),
      })
      .then(
        (result) => {
          onChange(result.chapters, result.chaptersSaved);
          setMessage({ error: false, text: t('review.chapters.savedNotice') });
        },
        (e: unknown) =>
          setMessage({ error: true, text: e instanceof Error ? e.message : String(e) }),
      );
  };

  return (
    <div className="card review-chapters" data-testid="review-chapters">
      <h2>{t('review.chapters.title')}</h2>
      <p className="muted small" data-testid="review-chapters-state">
        {saved ? t('review.chapters.saved') : t('review.chapters.suggested')}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('review.chapters.time')}</th>
            <th>{t('review.chapters.name')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>
                <input
                  className="rc-time"
                  value={row.time}
                  aria-label={t('review.chapters.time')}
                  onChange={(e) => update(index, { time: e.target.value })}
                  data-testid={`chapter-time-${String(index)}`}
                />{' '}
                <button
                  type="button"
                  onClick={() => {
                    const at = parseTimecode(row.time);
                    if (at !== null) onSeek(at);
                  }}
                  aria-label={t('review.timeline.seekTo', { time: row.time })}
                >
                  ▶
                </button>
              </td>
              <td>
                <input
                  value={row.title}
                  maxLength={200}
                  aria-label={t('review.chapters.name')}
                  onChange={(e) => update(index, { title: e.target.value })}
                  data-testid={`chapter-title-${String(index)}`}
                />
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
                >
                  {t('review.chapters.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <button
          type="button"
          onClick={() =>
            setRows((list) =>
              [...list, { time: formatTimecode(time), title: '' }].sort(
                (a, b) => (parseTimecode(a.time) ?? 0) - (parseTimecode(b.time) ?? 0),
              ),
            )
          }
          data-testid="chapter-add"
        >
          {t('review.chapters.add', { time: formatTimecode(time) })}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => save(rows)}
          data-testid="chapters-save"
        >
          {t('review.chapters.save')}
        </button>
        {saved ? (
          <button type="button" onClick={() => save([])} data-testid="chapters-reset">
            {t('review.chapters.reset')}
          </button>
        ) : null}
      </div>
      {message ? (
        <p
          className={message.error ? 'error' : 'muted'}
          role="status"
          data-testid="chapters-message"
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
