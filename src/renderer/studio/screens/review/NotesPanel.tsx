import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { formatTimecode } from './review-time';

/** The educator's notes at moments of the class: added at the playing second, kept in order. */
export function NotesPanel({
  sessionId,
  notes,
  time,
  onSeek,
  onChange,
}: {
  sessionId: SessionId;
  notes: readonly Note[];
  time: number;
  onSeek: (t: number) => void;
  onChange: (notes: Note[]) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown): void => setError(e instanceof Error ? e.message : String(e));
  const at = Math.round(time * 10) / 10;

  const add = (): void => {
    client.invoke('review.addNote', { sessionId, t: at, text }).then((note) => {
      onChange([...notes, note].sort((a, b) => a.t - b.t || a.id - b.id));
      setText('');
      setError(null);
    }, fail);
  };
  const remove = (note: Note): void => {
    client.invoke('review.deleteNote', { sessionId, noteId: note.id }).then(() => {
      onChange(notes.filter((n) => n.id !== note.id));
    }, fail);
  };

  return (
    <div className="card review-notes" data-testid="review-notes">
      <h2>{t('review.notes.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <textarea
          value={text}
          rows={2}
          maxLength={2000}
          placeholder={t('review.notes.placeholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="note-text"
        />
        <button type="submit" disabled={text.trim() === ''} data-testid="note-add">
          {t('review.notes.add', { time: formatTimecode(at) })}
        </button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {notes.length === 0 ? <p className="muted">{t('review.notes.none')}</p> : null}
      <ol>
        {notes.map((note) => (
          <li key={note.id}>
            <button type="button" onClick={() => onSeek(note.t)}>
              {formatTimecode(note.t)}
            </button>{' '}
            {note.text}{' '}
            <button
              type="button"
              aria-label={t('review.notes.remove')}
              onClick={() => remove(note)}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
