import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../../shared/contract/live-api';
import type { OfferVariantInput } from '../../../../shared/contract/offer-lab-api';
import { minorUnitDigits } from '../../../common/format';
import { useStudio } from '../../api/studio-context';
import type { Act } from './LivePanel';
import { CoursePicker, useOfferCourse } from './CoursePicker';

// The Live screen's offer experiments (an offer with 2–4 variants) and the "recommended for you"
// push (each viewer's own next course).

interface VariantDraft {
  label: string;
  price: string;
  coupon: string;
  headline: string;
  minutes: string;
}

const LABELS = ['A', 'B', 'C', 'D'] as const;
const MAX_VARIANTS = 4;

function emptyVariant(index: number): VariantDraft {
  return {
    label: LABELS[index] ?? String(index + 1),
    price: '',
    coupon: '',
    headline: '',
    minutes: '',
  };
}

export function OfferLabCard({ state, act }: { state: LiveState; act: Act }) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const picked = useOfferCourse(state);
  const course = picked.course;
  const [variants, setVariants] = useState<VariantDraft[]>([emptyVariant(0), emptyVariant(1)]);
  const ended = state.session.status === 'ended' || state.session.status === 'interrupted';

  const update = (index: number, patch: Partial<VariantDraft>): void =>
    setVariants((list) => list.map((v, i) => (i === index ? { ...v, ...patch } : v)));

  const pushExperiment = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!course) return;
    const digits = minorUnitDigits(course.currency);
    const input: OfferVariantInput[] = variants.map((v) => ({
      label: v.label.trim(),
      ...(v.price.trim() ? { priceMinor: Math.round(Number(v.price) * 10 ** digits) } : {}),
      ...(v.coupon.trim() ? { couponCode: v.coupon.trim() } : {}),
      ...(v.headline.trim() ? { headline: v.headline.trim() } : {}),
      ...(v.minutes.trim() ? { endsAt: Date.now() + Number(v.minutes) * 60_000 } : {}),
    }));
    act(() =>
      client.invoke('offer.pushExperiment', { sessionId, courseId: course.id, variants: input }),
    );
  };

  return (
    <section className="card" aria-label={t('offerLab.card')} data-testid="offer-lab-card">
      <h2>{t('offerLab.card')}</h2>
      <div className="row">
        <button
          type="button"
          disabled={ended}
          data-testid="push-personal"
          onClick={() => act(() => client.invoke('offer.pushPersonal', { sessionId }))}
        >
          {t('offerLab.pushPersonal')}
        </button>
      </div>
      <p className="muted">{t('offerLab.personalNote')}</p>
      <details>
        <summary>{t('offerLab.experiment')}</summary>
        <form className="form" onSubmit={pushExperiment}>
          <CoursePicker picked={picked} testId="experiment-course" />
          {variants.map((v, index) => (
            <fieldset key={index} data-testid="experiment-variant">
              <legend>{t('offerLab.variant', { label: v.label })}</legend>
              <div className="row">
                <input
                  value={v.label}
                  onChange={(e) => update(index, { label: e.target.value })}
                  required
                  maxLength={40}
                  aria-label={t('offerLab.label')}
                  placeholder={t('offerLab.label')}
                />
                <input
                  value={v.price}
                  onChange={(e) => update(index, { price: e.target.value })}
                  inputMode="decimal"
                  aria-label={t('offerLab.price')}
                  placeholder={t('offerLab.price')}
                  data-testid="variant-price"
                />
                <input
                  value={v.coupon}
                  onChange={(e) => update(index, { coupon: e.target.value })}
                  aria-label={t('offerLab.coupon')}
                  placeholder={t('offerLab.coupon')}
                />
              </div>
              <div className="row">
                <input
                  value={v.headline}
                  onChange={(e) => update(index, { headline: e.target.value })}
                  maxLength={120}
                  aria-label={t('offerLab.headline')}
                  placeholder={t('offerLab.headline')}
                  data-testid="variant-headline"
                />
                <input
                  value={v.minutes}
                  onChange={(e) => update(index, { minutes: e.target.value })}
                  inputMode="numeric"
                  aria-label={t('offerLab.minutes')}
                  placeholder={t('offerLab.minutes')}
                />
                {variants.length > 2 ? (
                  <button
                    type="button"
                    onClick={() => setVariants((list) => list.filter((_, i) => i !== index))}
                  >
                    {t('offerLab.removeVariant')}
                  </button>
                ) : null}
              </div>
            </fieldset>
          ))}
          <div className="row">
            {variants.length < MAX_VARIANTS ? (
              <button
                type="button"
                onClick={() => setVariants((list) => [...list, emptyVariant(list.length)])}
              >
                {t('offerLab.addVariant')}
              </button>
            ) : null}
            <button type="submit" disabled={ended || !course} data-testid="push-experiment">
              {t('offerLab.pushExperiment')}
            </button>
          </div>
          <p className="muted">{t('offerLab.splitNote')}</p>
        </form>
      </details>
    </section>
  );
}
