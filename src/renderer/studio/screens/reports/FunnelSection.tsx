import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import { formatMoney, formatNumber } from '../../../common/format';
import { DownloadCsv } from './DownloadCsv';
import { ReportSection } from './ReportSection';
import { offersCsv } from './report-csv';
import { formatClock, formatMoneyList, formatShare, minutesSince } from './report-format';
import { ATTRIBUTION_WINDOWS_DAYS } from './windows';
import { classConversion } from './class-conversion';

type Counts = SessionReport['funnel']['total'];

/** One funnel, viewers → saw the offer → clicked → orders, as horizontal bars drawn to scale. */
function Funnel({ counts, testId }: { counts: Counts; testId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const stages = [
    { id: 'audience', value: counts.audience },
    { id: 'reached', value: counts.reached },
    { id: 'clicked', value: counts.clickers },
    { id: 'orders', value: counts.orders },
  ] as const;
  const scale = Math.max(1, ...stages.map((s) => s.value));
  return (
    <div className="funnel" data-testid={testId}>
      <ol className="funnel-bars">
        {stages.map((stage) => {
          // Orders are not a subset of clicks (many buy later without clicking), so each stage
          // says what it is a share of instead of "of the step before".
          const note =
            stage.id === 'reached' && counts.audience > 0
              ? t('report.funnel.reachShare', {
                  share: formatShare(counts.reached / counts.audience, locale, 1),
                })
              : stage.id === 'clicked' && counts.clickRate !== null
                ? t('report.funnel.clickShare', {
                    share: formatShare(counts.clickRate, locale, 1),
                  })
                : stage.id === 'orders' && counts.conversionRate !== null
                  ? t('report.funnel.buyShare', {
                      buyers: formatNumber(counts.buyers, locale),
                      share: formatShare(counts.conversionRate, locale, 1),
                    })
                  : '';
          return (
            <li key={stage.id} className={`funnel-stage stage-${stage.id}`}>
              <span className="funnel-label">{t(`report.funnel.${stage.id}`)}</span>
              <span className="funnel-track" aria-hidden="true">
                <span
                  className="funnel-bar"
                  style={{ width: `${Math.max(0.5, (stage.value / scale) * 100)}%` }}
                />
              </span>
              <span className="funnel-value" data-testid={`${testId}-${stage.id}`}>
                {formatNumber(stage.value, locale)}
              </span>
              <span className="funnel-step muted">{note}</span>
            </li>
          );
        })}
      </ol>
      <dl className="funnel-facts">
        <div>
          <dt>{t('report.funnel.clickRate')}</dt>
          <dd>{formatShare(counts.clickRate, locale, 1) ?? none}</dd>
        </div>
        <div>
          <dt>{t('report.funnel.conversion')}</dt>
          <dd>{formatShare(counts.conversionRate, locale, 1) ?? none}</dd>
        </div>
        <div>
          <dt>{t('report.funnel.buyers')}</dt>
          <dd>{formatNumber(counts.buyers, locale)}</dd>
        </div>
        <div>
          <dt>{t('report.funnel.revenue')}</dt>
          <dd>{formatMoneyList(counts.revenue, locale) ?? none}</dd>
        </div>
      </dl>
      {counts.orders > 0 ? (
        <p className="muted funnel-split">
          {t('report.funnel.ordersSplit', {
            direct: formatNumber(counts.directOrders, locale),
            matched: formatNumber(counts.matchedOrders, locale),
          })}
        </p>
      ) : null}
    </div>
  );
}

export function FunnelSection({
  report,
  windowDays,
  onWindowDays,
  updating,
}: {
  report: SessionReport;
  windowDays: number;
  /** Absent in an exported report: the window it was computed with is shown, fixed. */
  onWindowDays?: (days: number) => void;
  updating: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const selectId = useId();
  const { funnel, session } = report;
  const shownDays = funnel.attributionWindowDays;
  const total = funnel.total;
  const conversion = classConversion(report.purchases);

  return (
    <ReportSection
      id="funnel"
      definitions={[
        t('report.funnel.defs.stages'),
        t('report.funnel.defs.orders'),
        t('report.funnel.defs.rates'),
        t('dashExtra.classConversion.def'),
        t('report.funnel.windowNote', { days: formatNumber(shownDays, locale) }),
      ]}
    >
      <div className="funnel-window">
        <label htmlFor={selectId}>{t('report.funnel.window')}</label>
        <select
          id={selectId}
          value={windowDays}
          disabled={onWindowDays === undefined}
          onChange={(event) => onWindowDays?.(Number(event.target.value))}
          data-testid="attribution-window"
        >
          {ATTRIBUTION_WINDOWS_DAYS.map((days) => (
            <option key={days} value={days}>
              {days === 1
                ? t('report.funnel.windowDay')
                : t('report.funnel.windowDays', { count: days })}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="attribution-window-shown" data-days={shownDays}>
          {updating
            ? t('report.updating')
            : t('report.funnel.windowNote', { days: formatNumber(shownDays, locale) })}
        </span>
        {funnel.offers.length > 0 ? (
          <DownloadCsv session={session} table="offers" data={offersCsv(report)} />
        ) : null}
      </div>

      {funnel.offers.length === 0 ? (
        <p className="muted">{t('report.funnel.noOffers')}</p>
      ) : (
        <>
          <p className="figure-summary">
            {t('report.funnel.summary', {
              audience: formatNumber(total.audience, locale),
              reached: formatNumber(total.reached, locale),
              clicked: formatNumber(total.clickers, locale),
              orders: formatNumber(total.orders, locale),
            })}
          </p>
          <div className="funnel-grid">
            <div className="funnel-block">
              <h3>{t('report.funnel.total')}</h3>
              <Funnel counts={total} testId="funnel-total" />
            </div>
            {funnel.offers.map((offer) => (
              <div className="funnel-block" key={offer.offerId}>
                <h3>{t('report.funnel.offer', { title: offer.title })}</h3>
                <p className="muted">
                  {t('report.funnel.pushedAt', {
                    clock: formatClock(offer.pushedAt, locale),
                    when: t('report.atMinute', {
                      minute: Math.floor(
                        minutesSince(offer.pushedAt, session.startedAt, session.bucketMs),
                      ),
                    }),
                    price: formatMoney(offer.priceMinor, offer.currency, locale),
                  })}
                </p>
                <Funnel counts={offer} testId={`funnel-offer-${offer.offerId}`} />
              </div>
            ))}
          </div>
        </>
      )}
      <p className="funnel-course" data-testid="funnel-viewer-conversion">
        {t('dashExtra.classConversion.text', {
          buyers: formatNumber(conversion.buyers, locale),
          viewers: formatNumber(conversion.viewers, locale),
          share: formatShare(conversion.rate, locale, 1) ?? t('report.none'),
          days: formatNumber(shownDays, locale),
        })}
      </p>
      {funnel.courseBuyers !== null ? (
        <p className="funnel-course" data-testid="funnel-course-buyers">
          {t('report.funnel.courseBuyers', {
            buyers: formatNumber(funnel.courseBuyers.buyers, locale),
            course: session.courseTitle ?? t('report.noCourse'),
            days: formatNumber(shownDays, locale),
            revenue: formatMoneyList(funnel.courseBuyers.revenue, locale) ?? t('report.none'),
          })}
        </p>
      ) : null}
    </ReportSection>
  );
}
