import { useTranslation } from '../i18n';
import type { OfferPublic } from '../../../shared/contract/audience-protocol';

/**
 * What precedes an offer's title: a personal offer's "recommended for you" and its reason (in the
 * page's language), or an experiment variant's own wording.
 */
export function OfferLead({ offer, locale }: { offer: OfferPublic; locale: string }) {
  const { t } = useTranslation();
  if (offer.reason) {
    const reason = locale.startsWith('zh') ? offer.reason['zh-CN'] : offer.reason.en;
    return (
      <div className="offer-lead" data-testid="offer-personal">
        <strong className="badge">{t('offer.forYou')}</strong>
        <p className="muted" data-testid="offer-reason">
          {t('offer.why', { reason })}
        </p>
      </div>
    );
  }
  if (offer.headline) {
    return (
      <p className="offer-lead strong" data-testid="offer-headline">
        {offer.headline}
      </p>
    );
  }
  return null;
}
