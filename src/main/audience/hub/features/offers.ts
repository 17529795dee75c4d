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
import { toLiveOffer } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { offerLive, offerPublic } from '../projections';
import { Refusal, publicNumber } from '../state';

export interface OfferArgs {
  courseId: number;
  priceMinor?: number | undefined;
  couponCode?: string | undefined;
  checkoutUrl?: string | undefined;
  endsAt?: number | undefined;
  stock?: number | undefined;
}

/** Course offers pushed to the class: impressions (delivered to a viewer) and clicks. */
export class Offers implements Feature<'offerClick'> {
  readonly #ctx: HubContext;
  #offer: OfferRow | null;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    this.#offer =
      offersOfSession(ctx.db, ctx.sessionId).findLast((o) => o.withdrawn_at === null) ?? null;
  }

  /** The offer last pushed and not withdrawn (it may have ended). */
  get current(): OfferRow | null {
    return this.#offer;
  }

  /** Inside a join's transaction: a viewer who joins while an offer is live has seen it. */
  joined(learnerId: number, now: number): void {
    const offer = this.#offer;
    if (offer && offerLive(offer, now)) {
      recordImpression(this.#ctx.db, { offerId: offer.id, learnerId, at: now });
      this.#ctx.feed.offerChanged(offer.id);
    }
  }

  readonly actions: { offerClick: ActionHandler<'offerClick'> } = {
    offerClick: (viewer, frame, now) => {
      const offer = getOffer(this.#ctx.db, publicNumber(frame.offerId, 'o'));
      if (!offer || offer.session_id !== this.#ctx.sessionId)
        throw new Refusal('NOT_FOUND', 'no such offer');
      if (!offerLive(offer, now)) throw new Refusal('CLOSED', 'the offer has ended');
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
    const offerId = db.transaction(() => {
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
      // Delivered now to every connected viewer: that is the impression.
      for (const conn of out.conns) {
        if (conn.viewer)
          recordImpression(db, { offerId: id, learnerId: conn.viewer.learnerId, at: now });
      }
      return id;
    })();
    const offer = getOffer(db, offerId);
    if (!offer) throw new Error('offer vanished');
    this.#offer = offer;
    out.broadcast(JSON.stringify({ type: 'offer', offer: offerPublic(offer) }));
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
      this.#ctx.out.broadcast(JSON.stringify({ type: 'offer', offer: null }));
    }
    this.#ctx.feed.changed('offers');
    const updated = getOffer(db, offerId);
    if (!updated) throw new Error('offer vanished');
    return toLiveOffer(updated);
  }
}
