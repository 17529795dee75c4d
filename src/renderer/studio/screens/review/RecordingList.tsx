import { useTranslation } from 'react-i18next';
import type { ReviewClass } from '../../../../shared/contract/review-api';
import type { SessionId } from '../../../../shared/model/ids';
import { formatDateTime, formatNumber } from '../../../common/format';
import { useEventVersion } from '../../api/use-event-version';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatTimecode } from './review-time';

function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1e6) return `${formatNumber(Math.ceil(bytes / 1e3), locale)} KB`;
  return `${formatNumber(Math.round(bytes / 1e5) / 10, locale)} MB`;
}

/** Every class that has started, newest first: course, date, length, size and parts. */
export function RecordingList({
  workspaceKey,
  onOpen,
}: {
  workspaceKey: string;
  onOpen: (sessionId: SessionId) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const version = useEventVersion(['recording.changed', 'session.changed']);
  const classes = useQuery<ReviewClass[]>(`review:${workspaceKey}:${String(version)}`, () =>
    client.invoke('review.list', {}),
  );
  const locale = i18n.language;
  const rows = classes.data ?? [];
  return (
    <section className="screen review" data-testid="review-list">
      <ScreenHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      {classes.status === 'error' ? <div className="error">{classes.message}</div> : null}
      {classes.status === 'ready' && rows.length === 0 ? (
        <EmptyState>{t('review.none')}</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('review.list.class')}</th>
                <th>{t('review.list.course')}</th>
                <th>{t('review.list.date')}</th>
                <th className="num">{t('review.list.length')}</th>
                <th className="num">{t('review.list.size')}</th>
                <th className="num">{t('review.list.parts')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.sessionId} data-testid={`review-row-${String(row.sessionId)}`}>
                  <td className="strong">{row.title}</td>
                  <td>{row.courseTitle ?? '—'}</td>
                  <td className="nowrap">{formatDateTime(row.startedAt, locale)}</td>
                  <td className="num">{formatTimecode(row.durationS)}</td>
                  <td className="num">
                    {row.parts.length === 0 ? '—' : formatBytes(row.bytes, locale)}
                  </td>
                  <td className="num">
                    {row.parts.length === 0
                      ? t('review.list.noRecording')
                      : t('review.list.partCount', { count: row.parts.length })}
                    {row.portraitParts.length > 0 ? (
                      <div
                        className="muted"
                        data-testid={`review-portrait-${String(row.sessionId)}`}
                      >
                        {t('canvasRecord.reviewPortrait', { count: row.portraitParts.length })}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="primary"
                      onClick={() => onOpen(row.sessionId)}
                      data-testid={`review-open-${String(row.sessionId)}`}
                    >
                      {t('review.list.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
