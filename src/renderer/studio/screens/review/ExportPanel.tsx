import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewExport } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { formatTimecode, parseTimecode } from './review-time';

/** A clip of a range (from the playing second by default) and the upload MP4 of the whole class. */
export function ExportPanel({
  sessionId,
  time,
  recorded,
}: {
  sessionId: SessionId;
  time: number;
  recorded: boolean;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState<'clip' | 'upload' | null>(null);
  const [fraction, setFraction] = useState(0);
  const [done, setDone] = useState<ReviewExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      client.on('review.exportProgress', (p) => {
        if (p.sessionId === sessionId) setFraction(p.fraction);
      }),
    [client, sessionId],
  );

  const start = (kind: 'clip' | 'upload'): void => {
    let call: Promise<ReviewExport>;
    if (kind === 'clip') {
      const fromS = parseTimecode(from || formatTimecode(time));
      const toS = parseTimecode(to || formatTimecode(time + 30));
      if (fromS === null || toS === null) {
        setError(t('review.chapters.badTime'));
        return;
      }
      call = client.invoke('review.exportClip', { sessionId, fromS, toS });
    } else {
      call = client.invoke('review.prepareUpload', { sessionId });
    }
    setBusy(kind);
    setFraction(0);
    setDone(null);
    setError(null);
    call.then(
      (file) => {
        setDone(file);
        setBusy(null);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(null);
      },
    );
  };

  if (!recorded) return null;
  return (
    <div className="card review-export" data-testid="review-export">
      <h2>{t('review.export.title')}</h2>
      <div className="toolbar">
        <label>
          {t('review.export.from')}{' '}
          <input
            className="rc-time"
            value={from}
            placeholder={formatTimecode(time)}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="clip-from"
          />
        </label>
        <label>
          {t('review.export.to')}{' '}
          <input
            className="rc-time"
            value={to}
            placeholder={formatTimecode(time + 30)}
            onChange={(e) => setTo(e.target.value)}
            data-testid="clip-to"
          />
        </label>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => start('clip')}
          data-testid="clip-export"
        >
          {t('review.export.clip')}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => start('upload')}
          data-testid="upload-export"
        >
          {t('review.export.upload')}
        </button>
      </div>
      <p className="muted small">{t('review.export.hint')}</p>
      {busy ? <progress max={1} value={fraction} aria-label={t('review.export.progress')} /> : null}
      {error ? <p className="error">{error}</p> : null}
      {done ? (
        <p data-testid="export-done">
          {t(done.mode === 'copy' ? 'review.export.doneCopy' : 'review.export.doneEncoded', {
            seconds: done.durationS.toFixed(1),
          })}{' '}
          {location.protocol.startsWith('http') ? (
            <a href={done.downloadPath} download={done.fileName}>
              {done.fileName}
            </a>
          ) : (
            <code>{done.path}</code>
          )}
        </p>
      ) : null}
    </div>
  );
}
