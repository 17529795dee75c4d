import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile, ExportFormat } from '../../../../shared/contract/exports-api';
import type { SessionId } from '../../../../shared/model/ids';
import { downloadUrl } from '../../../common/download';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';

type State =
  | { kind: 'idle' }
  | { kind: 'working'; format: ExportFormat }
  | { kind: 'done'; file: ExportedFile }
  | { kind: 'error'; message: string };

function size(bytes: number, locale: string): string {
  return bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`
    : `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, locale)} MB`;
}

/**
 * Exports the report as it is shown (same attribution window): a self-contained HTML file or a
 * PDF printed from it. The core writes the file into the workspace's exports folder; in the
 * browser host the page downloads it from there.
 */
export function ExportMenu({
  sessionId,
  windowDays,
}: {
  sessionId: SessionId;
  windowDays: number;
}) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [state, setState] = useState<State>({ kind: 'idle' });

  const run = (format: ExportFormat): void => {
    setState({ kind: 'working', format });
    client.invoke('report.export', { sessionId, format, attributionWindowDays: windowDays }).then(
      (file) => {
        setState({ kind: 'done', file });
        // The browser host serves the file to this page: start the download at once.
        if (location.protocol.startsWith('http')) downloadUrl(file.downloadPath, file.fileName);
      },
      (e: unknown) =>
        setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };

  const busy = state.kind === 'working';
  return (
    <div className="report-export" data-testid="report-export">
      <span className="muted">{t('report.export.label')}</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => run('html')}
        data-testid="report-export-html"
      >
        {t('report.export.html')}
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => run('pdf')}
        data-testid="report-export-pdf"
      >
        {t('report.export.pdf')}
      </button>
      <span role="status" className="report-export-status" data-testid="report-export-status">
        {state.kind === 'working'
          ? state.format === 'pdf'
            ? t('report.export.pdfWorking')
            : t('report.export.working')
          : null}
        {state.kind === 'done' ? (
          <>
            {t('report.export.done', {
              name: state.file.fileName,
              size: size(state.file.bytes, i18n.language),
            })}{' '}
            {location.protocol.startsWith('http') ? (
              <a
                href={state.file.downloadPath}
                download={state.file.fileName}
                data-testid="report-export-link"
              >
                {t('report.export.download')}
              </a>
            ) : (
              <span className="muted">{t('report.export.savedAt', { path: state.file.path })}</span>
            )}
          </>
        ) : null}
        {state.kind === 'error' ? (
          <span className="error">{t('report.export.failed', { message: state.message })}</span>
        ) : null}
      </span>
    </div>
  );
}
