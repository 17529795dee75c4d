import { useTranslation } from 'react-i18next';
import type { RfmSegmentCounts, RfmSegmentName } from '../../../../shared/contract/rfm-segment';
import { formatNumber } from '../../../common/format';
import { formatShare } from './report-format';

/** A learner's RFM segment by name, with what to do about it as the tooltip. */
export function RfmSegmentBadge({ segment }: { segment: RfmSegmentName | null }) {
  const { t } = useTranslation();
  if (segment === null) return <span className="muted">{t('rfmSegment.none')}</span>;
  return (
    <span
      className={`rfm-segment rfm-${segment}`}
      title={t(`rfmSegment.actions.${segment}`)}
      data-testid="rfm-segment"
      data-segment={segment}
    >
      {t(`rfmSegment.names.${segment}`)}
    </span>
  );
}

/**
 * The eight RFM segments with their score rules, how many of a class's attendees and of the
 * workspace's customers are in each, and what to do about them.
 */
export function RfmSegmentsTable({ counts }: { counts: RfmSegmentCounts | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (counts === null) return <p className="muted">{t('rfmSegment.noCustomers')}</p>;
  const cell = (n: number, of: number): string =>
    t('report.segments.count', {
      n: formatNumber(n, locale),
      share: formatShare(of > 0 ? n / of : null, locale) ?? t('report.none'),
    });
  return (
    <>
      <h3>{t('rfmSegment.title')}</h3>
      <p className="figure-summary">
        {t('rfmSegment.summary', {
          attendees: formatNumber(counts.attendees, locale),
          customers: formatNumber(counts.customers, locale),
        })}
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="rfm-segments">
          <thead>
            <tr>
              <th>{t('rfmSegment.segment')}</th>
              <th>{t('rfmSegment.rule')}</th>
              <th className="num">{t('rfmSegment.here')}</th>
              <th className="num">{t('rfmSegment.workspace')}</th>
              <th>{t('rfmSegment.action')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.segments.map((s) => (
              <tr key={s.segment} data-segment={s.segment}>
                <td>
                  <RfmSegmentBadge segment={s.segment} />
                </td>
                <td className="nowrap muted">{t(`rfmSegment.rules.${s.segment}`)}</td>
                <td className="num nowrap">{cell(s.attendees, counts.attendees)}</td>
                <td className="num nowrap">{cell(s.customers, counts.customers)}</td>
                <td>{t(`rfmSegment.actions.${s.segment}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
