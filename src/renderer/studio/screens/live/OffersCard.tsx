import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import type { CardProps } from './InteractionsColumn';
import { CoursePicker, useOfferCourse } from './CoursePicker';

// The live panel's offers: push a course at a live price, see clicks, end the offer.

export function OffersCard({ state, act, now }: CardProps) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const picked = useOfferCourse(state);
  const course = picked.course;
  const [price, setPrice] = useState('');
  const [coupon, setCoupon] = useState('');
  const [url, setUrl] = useState('');
  const [minutes, setMinutes] = useState('');
  const [stock, setStock] = useState('');
  const push = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!course) return;
    const digits =
      new Intl.NumberFormat('en', {
        style: 'currency',
        currency: course.currency,
      }).resolvedOptions().maximumFractionDigits ?? 2;
    act(() =>
      client.invoke('offer.push', {
        sessionId,
        courseId: course.id,
        ...(price.trim() ? { priceMinor: Math.round(Number(price) * 10 ** digits) } : {}),
        ...(coupon.trim() ? { couponCode: coupon.trim() } : {}),
        ...(url.trim() ? { checkoutUrl: url.trim() } : {}),
        ...(minutes.trim() ? { endsAt: Date.now() + Number(minutes) * 60_000 } : {}),
        ...(stock.trim() ? { stock: Number(stock) } : {}),
      }),
    );
  };
  const offers = [...state.offers].sort((a, b) => b.pushedAt - a.pushedAt);
  return (
    <section className="card" aria-label={t('live.offers')}>
      <h2>{t('live.offers')}</h2>
      {offers.map((o) => (
        <div key={o.id} className="offer-row" data-testid="live-offer">
          <div>
            <div className="strong">{o.title}</div>
            <div className="muted">
              {formatMoney(o.priceMinor, o.currency, i18n.language)}
              {o.couponCode ? ` · ${o.couponCode}` : ''}
              {o.endsAt !== null && o.endsAt > now && o.withdrawnAt === null
                ? ` · ${t('live.minutesLeft', { count: Math.ceil((o.endsAt - now) / 60_000) })}`
                : ''}
            </div>
            <div>
              {t('live.impressions', { count: o.impressions })} ·{' '}
              {t('live.clicks', { count: o.clicks })}
              {o.impressions > 0
                ? ` (${formatNumber(Math.round((o.clicks / o.impressions) * 1000) / 10, i18n.language)}%)`
                : ''}
            </div>
          </div>
          {o.withdrawnAt === null ? (
            <button
              type="button"
              onClick={() =>
                act(() => client.invoke('offer.withdraw', { sessionId, offerId: o.id }))
              }
            >
              {t('live.withdraw')}
            </button>
          ) : (
            <span className="muted">{t('live.withdrawn')}</span>
          )}
        </div>
      ))}
      <details>
        <summary>{t('live.newOffer')}</summary>
        <form className="form" onSubmit={push}>
          <CoursePicker picked={picked} testId="offer-course" />
          <div className="row">
            <input
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              inputMode="decimal"
              placeholder={t('live.offerPrice')}
              aria-label={t('live.offerPrice')}
            />
            <input
              value={coupon}
              onChange={(e) => setCoupon(e.target.value)}
              placeholder={t('live.coupon')}
              aria-label={t('live.coupon')}
              data-testid="offer-coupon"
            />
          </div>
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            type="url"
            placeholder={t('live.checkoutUrl')}
            aria-label={t('live.checkoutUrl')}
          />
          <div className="row">
            <input
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              inputMode="numeric"
              placeholder={t('live.countdownMinutes')}
              aria-label={t('live.countdownMinutes')}
            />
            <input
              value={stock}
              onChange={(e) => setStock(e.target.value)}
              inputMode="numeric"
              placeholder={t('live.stock')}
              aria-label={t('live.stock')}
            />
          </div>
          <button type="submit" className="primary" disabled={!course} data-testid="offer-push">
            {t('live.push')}
          </button>
        </form>
      </details>
    </section>
  );
}
