import type { LiveOffer } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import { stringArray } from '../../../storage/queries/catalogue';
import {
  courseForOffer,
  getOffer,
  insertOffer,
  offersOfSession,
  recordClick,
  recordImpression,
  withdrawOffer,
  withdrawOffers,
  type OfferRow,
} from '../../../storage/queries/live/offers';
import {
  insertExperiment,
  insertPersonalOffer,
} from '../../../storage/queries/live/offer-variants';
import { toLiveOffer } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { offerLive, offerPublic } from '../projections';
import { Refusal, publicNumber } from '../state';
import { OfferVariants, type PersonalPicker, type ShownOffer } from './offer-variants';

export interface OfferArgs {
  courseId: number;
  priceMinor?: number | undefined;
  couponCode?: string | undefined;
  checkoutUrl?: string | undefined;
  endsAt?: number | undefined;
  stock?: number | undefined;
  /** An experiment: 2–4 variants, split by hash(seed, learner id) (see offer-variants.ts). */
  experiment?: ExperimentArgs | undefined;
  /** A personal offer: each consenting viewer's own course (the rest get this offer). */
  personal?: PersonalPicker | undefined;
}

export interface ExperimentArgs {
  seed: string;
  variants: {
    label: string;
    priceMinor: number;
    couponCode: string | null;
    headline: string | null;
    endsAt: number | null;
  }[];
}

/** Course offers pushed to the class: impressions (delivered to a viewer) and clicks. */
export class Offers implements Feature<'offerClick'> {
  readonly #ctx: HubContext;
  #offer: OfferRow | null;
  readonly #variants: OfferVariants;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    this.#offer =
      offersOfSession(ctx.db, ctx.sessionId).findLast((o) => o.withdrawn_at === null) ?? null;
    this.#variants = new OfferVariants(ctx.db);
    // After a restart a personal offer's picker is gone: stored picks still show, others see
    // the general offer.
    this.#variants.load(this.#offer);
  }

  /** The offer last pushed and not withdrawn (it may have ended). */
  get current(): OfferRow | null {
    return this.#offer;
  }

  /** The current offer as one learner sees it (their variant or personal course). */
  currentFor(learnerId: number, now: number): ShownOffer | null {
    const offer = this.#offer;
    return offer ? this.#variants.shownTo(offer, learnerId, now, false) : null;
  }

  /** Inside a join's transaction: a viewer who joins while an offer is live has seen it. */
  joined(learnerId: number, now: number): void {
    const offer = this.#offer;
    if (offer && offerLive(this.#variants.shownTo(offer, learnerId, now, false), now)) {
      recordImpression(this.#ctx.db, { offerId: offer.id, learnerId, at: now });
      this.#variants.shownTo(offer, learnerId, now, true);
      this.#ctx.feed.offerChanged(offer.id);
    }
  }

  readonly actions: { offerClick: ActionHandler<'offerClick'> } = {
    offerClick: (viewer, frame, now) => {
      const offer = getOffer(this.#ctx.db, publicNumber(frame.offerId, 'o'));
      if (!offer || offer.session_id !== this.#ctx.sessionId)
        throw new Refusal('NOT_FOUND', 'no such offer');
      const shown = this.#variants.shownTo(offer, viewer.learnerId, now, false);
      if (!offerLive(shown, now)) throw new Refusal('CLOSED', 'the offer has ended');
      actionEvent(this.#ctx, viewer, frame, 'offer_click', { offerId: offer.id }, now);
      recordClick(this.#ctx.db, { offerId: offer.id, learnerId: viewer.learnerId, at: now });
      return () => {
        this.#ctx.feed.offerChanged(offer.id);
        this.#ctx.feed.changed('offers');
      };
    },
  };

  pushOffer(args: OfferArgs): LiveOffer {
    const { db, sessionId, out, feed } = this.#ctx;
    const course = courseForOffer(db, args.courseId);
    if (!course) throw new StudioError('NOT_FOUND', 'no such course');
    if (course.archived_at !== null) {
      throw new StudioError('CONFLICT', 'this course is archived: restore it to offer it');
    }
    const defaultCoupon = stringArray(course.coupon_codes)[0] ?? null;
    const now = this.#ctx.clock();
    const push = db.transaction(() => {
      const withdrawn = withdrawOffers(db, { sessionId, at: now });
      for (const id of withdrawn) feed.offerChanged(id);
      const id = insertOffer(db, {
        sessionId,
        courseId: course.id,
        title: course.title,
        priceMinor: args.priceMinor ?? course.price_minor,
        currency: course.currency,
        couponCode: args.couponCode ?? defaultCoupon,
        checkoutUrl: args.checkoutUrl ?? course.checkout_url,
        stock: args.stock ?? null,
        endsAt: args.endsAt ?? null,
        at: now,
      });
      if (args.experiment) insertExperiment(db, { offerId: id, ...args.experiment });
      if (args.personal) insertPersonalOffer(db, id);
      const row = getOffer(db, id);
      if (!row) throw new Error('offer vanished');
      this.#variants.load(row, args.personal ?? null);
      // Delivered now to every connected viewer: that is the impression.
      for (const conn of out.conns) {
        if (!conn.viewer) continue;
        recordImpression(db, { offerId: id, learnerId: conn.viewer.learnerId, at: now });
        this.#variants.shownTo(row, conn.viewer.learnerId, now, true);
      }
      return id;
    });
    let offerId: number;
    try {
      offerId = push();
    } catch (error) {
      this.#variants.load(this.#offer);
      throw error;
    }
    const offer = getOffer(db, offerId);
    if (!offer) throw new Error('offer vanished');
    this.#offer = offer;
    if (this.#variants.perViewer) {
      out.broadcastEach((viewer) => ({
        type: 'offer',
        offer: offerPublic(this.#variants.shownTo(offer, viewer.learnerId, now, false)),
      }));
    } else {
      out.broadcast(JSON.stringify({ type: 'offer', offer: offerPublic(offer) }));
    }
    feed.offerSent(offerId);
    feed.changed('offers');
    return toLiveOffer(offer);
  }

  withdrawOffer(offerId: number): LiveOffer {
    const { db, sessionId } = this.#ctx;
    const row = getOffer(db, offerId);
    if (!row || row.session_id !== sessionId) throw new StudioError('NOT_FOUND', 'no such offer');
    withdrawOffer(db, { offerId, at: this.#ctx.clock() });
    if (this.#offer?.id === offerId) {
      this.#offer = null;
      this.#variants.load(null);
      this.#ctx.out.broadcast(JSON.stringify({ type: 'offer', offer: null }));
    }
    this.#ctx.feed.changed('offers');
    const updated = getOffer(db, offerId);
    if (!updated) throw new Error('offer vanished');
    return toLiveOffer(updated);
  }
}
