import { assignVariant } from '../../../kernel/variant-split';
import type { Db } from '../../../storage/connection';
import type { OfferRow } from '../../../storage/queries/live/offers';
import {
  experimentOf,
  isPersonalOffer,
  pickOf,
  recordExposure,
  recordPick,
  type ExperimentRow,
  type PickRow,
} from '../../../storage/queries/live/offer-variants';

/**
 * A personal offer's course for one learner ("recommended for you"), or null when the learner gets
 * the class's general offer (no consent to link purchases, or nothing to recommend). Called inside
 * the hub's transaction, at most once per learner and offer (the pick is stored).
 */
export type PersonalPicker = (learnerId: number) => PickRow | null;

/** An offer as one viewer sees it: its experiment variant or personal course applied. */
export type ShownOffer = OfferRow & {
  headline?: string;
  reason?: { en: string; 'zh-CN': string };
};

function parseReason(json: string): ShownOffer['reason'] {
  try {
    const value = JSON.parse(json) as { en?: unknown; 'zh-CN'?: unknown };
    if (typeof value.en === 'string' && typeof value['zh-CN'] === 'string') {
      return { en: value.en.slice(0, 400), 'zh-CN': value['zh-CN'].slice(0, 400) };
    }
  } catch {
    // A reason that does not parse is left out; the course is still shown.
  }
  return undefined;
}

/**
 * What makes the current offer differ from viewer to viewer: an experiment (variant by
 * hash(seed, learner id) mod variants, kernel/variant-split.ts) or a personal offer (each
 * consenting viewer's own next course). Records who saw what, so that the report attributes clicks
 * and orders to the variant or course shown.
 */
export class OfferVariants {
  readonly #db: Db;
  #offerId: number | null = null;
  #experiment: ExperimentRow | null = null;
  #personal = false;
  #picker: PersonalPicker | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The current offer changed (pushed, withdrawn, or read back after a restart). */
  load(offer: OfferRow | null, picker: PersonalPicker | null = null): void {
    this.#offerId = offer?.id ?? null;
    this.#experiment = offer ? (experimentOf(this.#db, offer.id) ?? null) : null;
    this.#personal = offer !== null && isPersonalOffer(this.#db, offer.id);
    this.#picker = picker;
  }

  /** Each viewer needs a frame of their own. */
  get perViewer(): boolean {
    return this.#experiment !== null || this.#personal;
  }

  /**
   * The offer as this learner sees it. With `record` (inside a transaction, when the offer reaches
   * the learner) the variant shown or the course picked is stored.
   */
  shownTo(offer: OfferRow, learnerId: number, now: number, record: boolean): ShownOffer {
    if (offer.id !== this.#offerId) return offer;
    const experiment = this.#experiment;
    if (experiment) {
      const idx = assignVariant(experiment.seed, String(learnerId), experiment.variants.length);
      const variant = experiment.variants[idx];
      if (!variant) return offer;
      if (record) recordExposure(this.#db, { offerId: offer.id, learnerId, idx, at: now });
      const shown: ShownOffer = {
        ...offer,
        price_minor: variant.price_minor,
        coupon_code: variant.coupon_code,
        ends_at: variant.ends_at ?? offer.ends_at,
      };
      if (variant.headline !== null) shown.headline = variant.headline;
      return shown;
    }
    if (!this.#personal) return offer;
    let pick = pickOf(this.#db, offer.id, learnerId) ?? null;
    if (!pick && record && this.#picker) {
      pick = this.#picker(learnerId);
      if (pick) recordPick(this.#db, { offerId: offer.id, learnerId, pick, at: now });
    }
    if (!pick) return offer;
    const shown: ShownOffer = {
      ...offer,
      course_id: pick.course_id,
      title: pick.title,
      price_minor: pick.price_minor,
      list_price_minor: null,
      currency: pick.currency,
      coupon_code: null,
      checkout_url: pick.checkout_url,
      stock: null,
    };
    const reason = parseReason(pick.reason);
    if (reason) shown.reason = reason;
    return shown;
  }
}
