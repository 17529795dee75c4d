import { useTranslation } from 'react-i18next';
import type { LearnerProfile } from '../../../../shared/contract/analytics-api';
import { formatMoney, formatNumber } from '../../../common/format';
import { formatDecimal, formatShare } from '../reports/report-format';
import { RfmSegmentBadge } from '../reports/RfmSegments';
import { Part } from './LearnerPart';

/** RFM score and segment, predicted value, and the behaviour cluster of one learner. */
export function ValuePart({ profile }: { profile: LearnerProfile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { rfm, prediction, segment } = profile;
  const money = (minor: number): string =>
    prediction ? formatMoney(Math.round(minor), prediction.currency, locale) : '';
  return (
    <Part title={t('learner.value.title')} testId="learner-value">
      {rfm === null ? (
        <p className="muted">{t('learner.value.noRfm')}</p>
      ) : (
        <dl className="facts wide">
          <dt>{t('learner.value.rfm')}</dt>
          <dd data-testid="learner-rfm">
            {rfm.score ? (
              <>
                <strong className="rfm-code">{rfm.score.code}</strong>{' '}
                <span className="muted">
                  {t('learner.value.rfmParts', {
                    r: rfm.score.recency,
                    f: rfm.score.frequency,
                    m: rfm.score.monetary,
                  })}
                </span>
              </>
            ) : (
              t('library.learners.none')
            )}
          </dd>
          <dt>{t('rfmSegment.segment')}</dt>
          <dd data-testid="learner-rfm-segment">
            <RfmSegmentBadge segment={rfm.segment} />
            {rfm.segment ? (
              <>
                {' '}
                <span className="muted">{t(`rfmSegment.actions.${rfm.segment}`)}</span>
              </>
            ) : null}
          </dd>
          <dt>{t('learner.value.repeat')}</dt>
          <dd>{formatNumber(rfm.x, locale)}</dd>
          {prediction ? (
            <>
              <dt>{t('learner.value.alive')}</dt>
              <dd>{formatShare(prediction.probabilityAlive, locale)}</dd>
              <dt>{t('learner.value.expected90')}</dt>
              <dd>{formatDecimal(prediction.expectedPurchases90Days, locale)}</dd>
              <dt>{t('learner.value.value90')}</dt>
              <dd>{money(prediction.value90Days)}</dd>
              <dt>{t('learner.value.value12')}</dt>
              <dd data-testid="learner-value12">{money(prediction.value12Months)}</dd>
            </>
          ) : null}
        </dl>
      )}
      {rfm !== null && prediction === null ? (
        <p className="muted">{t('learner.value.noPrediction')}</p>
      ) : null}
      <h3>{t('learner.segment.title')}</h3>
      {segment ? (
        <p data-testid="learner-segment">
          <span className="muted">
            {t('learner.segment.text', {
              n: formatNumber(segment.index + 1, locale),
              of: formatNumber(segment.of, locale),
              size: formatNumber(segment.size, locale),
              share: formatShare(segment.share, locale),
            })}
          </span>
          <br />
          <strong>{segment.text}</strong>
        </p>
      ) : (
        <p className="muted">{t('learner.segment.none')}</p>
      )}
    </Part>
  );
}
