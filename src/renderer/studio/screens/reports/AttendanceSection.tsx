import { useTranslation } from 'react-i18next';
import { Area, Line, ReferenceArea, ReferenceLine, Tooltip } from 'recharts';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { ChartFrame } from '../../components/ChartFrame';
import {
  CartesianChart,
  ChartLegend,
  ChartTable,
  axisTitle,
  countAxis,
  numberFormat,
  percentFormat,
  tooltipFormat,
  valueAxis,
} from './charts';
import { DownloadCsv } from './DownloadCsv';
import { CHART, DASH } from './palette';
import { attendanceCsv } from './report-csv';
import { ReportSection } from './ReportSection';
import { formatClock, formatDecimal, formatShare, minutesSince } from './report-format';
import { WatchButton } from './watch-moment';

type MarkerGroup = 'offer' | 'poll' | 'question';

interface Marker {
  n: number;
  at: number;
  minute: number;
  kind: string;
  group: MarkerGroup;
  title: string;
  /** Label row: markers close together stack their number badges instead of overlapping. */
  level: number;
}

const MAX_LEVELS = 3;
/** Vertical room per row of marker badges above the plot, px. */
const BADGE_ROW_PX = 20;
/** Markers closer than this share of the class's length stack their badges. */
const CROWDED_SHARE = 0.035;

function groupOf(kind: string): MarkerGroup {
  if (kind.startsWith('offer')) return 'offer';
  if (kind.startsWith('question')) return 'question';
  return 'poll';
}

function numberField(row: Record<string, unknown>, field: string): number | null {
  const value = row[field];
  return typeof value === 'number' ? value : null;
}

/**
 * The class's own moments (polls and quizzes opened, offers pushed, questions pinned), from the
 * report's poll runs, offers, questions and drop-off contexts, each once, in time order.
 */
export function classMoments(report: SessionReport): Omit<Marker, 'level'>[] {
  const { startedAt, endedAt, bucketMs } = report.session;
  const seen = new Map<string, { at: number; kind: string; title: string }>();
  const add = (kind: string, subjectId: number, at: number | null, title: string): void => {
    if (at === null || at < startedAt || at > endedAt) return;
    const key = `${kind}:${subjectId}`;
    if (!seen.has(key)) seen.set(key, { at, kind, title });
  };
  for (const poll of report.polls) {
    add(`${poll.kind}_opened`, poll.runId, numberField(poll, 'openedAt'), poll.question);
  }
  for (const offer of report.funnel.offers) {
    add('offer_pushed', offer.offerId, offer.pushedAt, offer.title);
  }
  for (const question of [...report.questions.topUpvoted, ...report.questions.unanswered]) {
    add('question_pinned', question.id, numberField(question, 'pinnedAt'), question.text);
  }
  for (const drop of report.dropOffs) {
    for (const moment of drop.moments) {
      if (
        moment.kind.endsWith('_opened') ||
        moment.kind === 'offer_pushed' ||
        moment.kind === 'question_pinned'
      ) {
        add(moment.kind, moment.subjectId, moment.at, moment.title);
      }
    }
  }
  return [...seen.values()]
    .sort((a, b) => a.at - b.at)
    .map((m, i) => ({
      ...m,
      n: i + 1,
      minute: minutesSince(m.at, startedAt, bucketMs),
      group: groupOf(m.kind),
    }));
}

function stack(markers: Omit<Marker, 'level'>[], span: number): Marker[] {
  const out: Marker[] = [];
  for (const marker of markers) {
    const before = out[out.length - 1];
    const crowded = before !== undefined && marker.minute - before.minute < span * CROWDED_SHARE;
    out.push({ ...marker, level: crowded ? (before.level + 1) % MAX_LEVELS : 0 });
  }
  return out;
}

const COLOURS: Record<MarkerGroup, string> = {
  offer: CHART.offer,
  poll: CHART.poll,
  question: CHART.question,
};

/** A numbered badge at the top of a marker line (its explanation is listed below the chart). */
function MarkerBadge({ x, top, marker }: { x: number; top: number; marker: Marker }) {
  const y = top - 11 - marker.level * BADGE_ROW_PX;
  return (
    <g aria-hidden="true">
      <circle cx={x} cy={y} r={9} fill={COLOURS[marker.group]} stroke="#fff" strokeWidth={1.5} />
      <text x={x} y={y + 4} textAnchor="middle" fontSize={11} fontWeight={600} fill="#fff">
        {marker.n}
      </text>
    </g>
  );
}

export function AttendanceSection({ report }: { report: SessionReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const retention = t('report.attendance.retention');
  const { audience, session } = report;
  const minutes = Math.max(1, Math.ceil(session.durationMs / session.bucketMs));
  const markers = stack(classMoments(report), minutes);
  const data = audience.perMinute.map((row) => ({
    minute: row.index,
    viewers: Math.round(row.averageConcurrency * 10) / 10,
    retention: row.shareOfArrived === null ? null : Math.round(row.shareOfArrived * 1000) / 10,
  }));
  // Minutes shown on the axis: round steps, so labels never crowd.
  const step = minutes <= 30 ? 5 : minutes <= 90 ? 10 : minutes <= 180 ? 15 : 30;
  const ticks = Array.from({ length: Math.floor(minutes / step) + 1 }, (_, i) => i * step);
  const levels = markers.reduce((most, m) => Math.max(most, m.level + 1), 0);
  // The last minutes of a class, where leaving is expected rather than a sign of trouble.
  const closingFrom = Math.min(minutes - 5, Math.floor(minutes * 0.9));
  const groups = new Set(markers.map((m) => m.group));

  const summary = t('report.attendance.summary', {
    viewers: formatNumber(audience.uniqueViewers, locale),
    peak: formatNumber(audience.peakConcurrency, locale),
    peakAt:
      audience.peakAt === null
        ? t('report.none')
        : `${t('report.atMinute', {
            minute: Math.floor(minutesSince(audience.peakAt, session.startedAt, session.bucketMs)),
          })}, ${formatClock(audience.peakAt, locale)}`,
    average: formatDecimal(audience.averageConcurrency, locale, 0),
    minutes: formatNumber(minutes, locale),
  });

  return (
    <ReportSection
      id="attendance"
      definitions={[
        t('report.attendance.defs.viewers'),
        t('report.attendance.defs.retention'),
        t('report.attendance.defs.peak'),
        t('report.attendance.defs.dropOff'),
      ]}
    >
      <ChartFrame
        title={t('report.attendance.chartTitle')}
        summary={summary}
        legend={
          <ChartLegend
            items={[
              { swatch: 'line viewers', label: t('report.attendance.viewers') },
              { swatch: 'line retention', label: retention },
              groups.has('poll') && {
                swatch: 'line poll',
                label: t('report.attendance.legendPoll'),
              },
              groups.has('offer') && {
                swatch: 'line offer',
                label: t('report.attendance.legendOffer'),
              },
              groups.has('question') && {
                swatch: 'line question',
                label: t('report.attendance.legendQuestion'),
              },
              report.dropOffs.length > 0 && {
                swatch: 'area drop',
                label: t('report.attendance.legendDrop'),
              },
            ]}
          />
        }
        chartTestId="attendance-chart"
        chart={
          <CartesianChart
            data={data}
            height={320}
            xKey="minute"
            kind="composed"
            margin={{ top: 8 + levels * BADGE_ROW_PX, right: 12, bottom: 18, left: 4 }}
            xAxis={{
              type: 'number',
              domain: [0, minutes],
              ticks,
              tickFormatter: (m: number) => t('report.minuteTick', { minute: m }),
              label: axisTitle(t('report.minuteAxis'), -12),
            }}
          >
            {countAxis(locale, { yAxisId: 'viewers' })}
            {valueAxis(percentFormat(locale), {
              yAxisId: 'share',
              orientation: 'right',
              domain: [0, 100],
            })}
            {report.dropOffs.map((drop) => (
              <ReferenceArea
                key={`drop-${drop.bucket}`}
                yAxisId="viewers"
                x1={drop.bucket}
                x2={drop.bucket + 1}
                fill={CHART.offer}
                fillOpacity={0.1}
                ifOverflow="extendDomain"
              />
            ))}
            <Area
              yAxisId="viewers"
              type="monotone"
              dataKey="viewers"
              name={t('report.attendance.viewers')}
              stroke={CHART.viewers}
              strokeWidth={2}
              fill={CHART.viewersFill}
              fillOpacity={0.15}
              isAnimationActive={false}
            />
            <Line
              yAxisId="share"
              type="monotone"
              dataKey="retention"
              name={retention}
              stroke={CHART.retention}
              strokeWidth={2}
              strokeDasharray="5 4"
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
            {markers.map((marker) => (
              <ReferenceLine
                key={`${marker.kind}-${marker.n}`}
                yAxisId="viewers"
                x={marker.minute}
                stroke={COLOURS[marker.group]}
                strokeWidth={1.5}
                strokeDasharray={DASH[marker.group]}
                label={(props: { viewBox?: { x?: number; y?: number } }) => (
                  <MarkerBadge
                    x={props.viewBox?.x ?? 0}
                    top={props.viewBox?.y ?? 0}
                    marker={marker}
                  />
                )}
              />
            ))}
            <Tooltip
              labelFormatter={(m) =>
                t('report.atMinute', {
                  minute: typeof m === 'number' || typeof m === 'string' ? m : '',
                })
              }
              formatter={tooltipFormat(numberFormat(locale), {
                [retention]: percentFormat(locale, 1),
              })}
            />
          </CartesianChart>
        }
      >
        <ChartTable
          caption={t('report.attendance.tableCaption')}
          headers={[
            t('report.attendance.minute'),
            t('report.attendance.time'),
            t('report.attendance.viewers'),
            t('report.attendance.present'),
            t('report.attendance.joined'),
            t('report.attendance.left'),
            retention,
          ]}
          rows={audience.perMinute}
          rowKey={(row) => row.index}
          cells={(row) => [
            row.index,
            formatClock(row.startAt, locale),
            formatDecimal(row.averageConcurrency, locale, 1),
            formatNumber(row.present, locale),
            formatNumber(row.joined, locale),
            formatNumber(row.left, locale),
            formatShare(row.shareOfArrived, locale) ?? t('report.none'),
          ]}
        />
        <div className="figure-actions">
          <DownloadCsv
            session={session}
            table="attendance-per-minute"
            data={attendanceCsv(report)}
          />
        </div>
      </ChartFrame>

      <h3>{t('report.attendance.events')}</h3>
      {markers.length === 0 ? (
        <p className="muted">{t('report.attendance.noEvents')}</p>
      ) : (
        <ol className="marker-list" data-testid="attendance-events">
          {markers.map((marker) => (
            <li key={`${marker.kind}-${marker.n}`}>
              <span className={`marker-badge ${marker.group}`} aria-hidden="true">
                {marker.n}
              </span>
              <span className="marker-when">
                {formatClock(marker.at, locale)} ·{' '}
                {t('report.atMinute', { minute: Math.floor(marker.minute) })}
              </span>
              <span className="marker-kind">{t(`report.moments.${marker.kind}`, marker.kind)}</span>
              <span className="marker-title">{marker.title}</span>
              <WatchButton sessionId={session.id} at={marker.at} />
            </li>
          ))}
        </ol>
      )}

      <h3>{t('report.attendance.dropOffs')}</h3>
      {report.dropOffs.length === 0 ? (
        <p className="muted">{t('report.attendance.noDropOffs')}</p>
      ) : (
        <ul className="drop-list" data-testid="attendance-dropoffs">
          {report.dropOffs.map((drop) => {
            const kinds = Object.entries(drop.interactions).filter(([, n]) => n > 0);
            return (
              <li key={drop.bucket}>
                <strong>
                  {t('report.attendance.dropOff', {
                    when: t('report.atMinute', { minute: drop.bucket }),
                    clock: formatClock(drop.startAt, locale),
                    before: formatNumber(drop.before, locale),
                    after: formatNumber(drop.after, locale),
                    fall: `−${formatNumber(drop.fall, locale)}`,
                    share: formatShare(drop.fallShare, locale),
                  })}
                </strong>
                {drop.bucket >= closingFrom ? (
                  <span className="drop-tag">{t('report.attendance.endOfClass')}</span>
                ) : null}
                <WatchButton sessionId={session.id} at={drop.startAt} />
                <div className="drop-context">
                  <span className="muted">{t('report.attendance.justBefore')} </span>
                  {drop.moments.length === 0 ? (
                    <span>{t('report.attendance.nothingNotable')}</span>
                  ) : (
                    drop.moments.map((moment) => (
                      <span key={`${moment.kind}-${moment.subjectId}`} className="drop-moment">
                        {t(`report.moments.${moment.kind}`, moment.kind)} (
                        {formatClock(moment.at, locale)}): “{moment.title}”
                      </span>
                    ))
                  )}
                  {kinds.length > 0 ? (
                    <span>
                      {t('report.clauseSep')}
                      {kinds
                        .map(([kind, count]) =>
                          t('report.kindCount', {
                            kind: t(`report.kinds.${kind}`, kind),
                            n: formatNumber(count, locale),
                          }),
                        )
                        .join(t('report.listSep'))}
                    </span>
                  ) : null}
                  {drop.questionsAnswered > 0 ? (
                    <span>
                      {t('report.clauseSep')}
                      {t('report.attendance.answered', { count: drop.questionsAnswered })}
                    </span>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </ReportSection>
  );
}
