import { randomBytes } from 'node:crypto';
import { StudioError } from '../../shared/contract';
import type { LiveOffer } from '../../shared/contract/live-api';
import type { offerLabMethods } from '../../shared/contract/offer-lab-api';
import type { SessionId } from '../../shared/model/ids';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from '../analytics/session-metrics';
import type { AudienceHub } from '../audience/audience-hub';
import type { AudienceServer } from '../audience/audience-server';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { courseForOffer, offersOfSession } from '../storage/queries/live/offers';
import { getSession } from '../storage/queries/live/sessions';
import { experimentReports, personalReports } from './offer-lab-report';
import { createPersonalPicker } from './personal-picks';

// The studio API of offer experiments (A/B) and personal offers ("recommended for you").

type OfferLabMethod = keyof typeof offerLabMethods;
export type OfferLabHandlerMap = { [M in OfferLabMethod]: Handler<M> };

export interface OfferLabDeps {
  db: () => Db;
  audience: () => AudienceServer;
  clock: Clock;
  emit: EventBus['emit'];
}

const DAY_MS = 86_400_000;

export function createOfferLabHandlers(deps: OfferLabDeps): OfferLabHandlerMap {
  const sessionRow = (sessionId: number) => {
    const row = getSession(deps.db(), sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    return row;
  };
  const hubOf = (sessionId: number): AudienceHub => {
    const row = sessionRow(sessionId);
    if (row.status === 'ended' || row.status === 'interrupted') {
      throw new StudioError('CONFLICT', 'the session has ended');
    }
    return deps.audience().openHub(sessionId);
  };
  const announce = (sessionId: SessionId, offer: LiveOffer): LiveOffer => {
    deps.emit('offer.changed', { sessionId, offer });
    return offer;
  };

  return {
    'offer.pushExperiment': ({ sessionId, courseId, variants, seed, ...rest }) => {
      const hub = hubOf(sessionId);
      const course = courseForOffer(deps.db(), courseId);
      if (!course) throw new StudioError('NOT_FOUND', 'no such course');
      const labels = new Set(variants.map((v) => v.label));
      if (labels.size !== variants.length) {
        throw new StudioError('BAD_INPUT', 'each variant needs a label of its own');
      }
      const resolved = variants.map((v) => ({
        label: v.label,
        priceMinor: v.priceMinor ?? course.price_minor,
        couponCode: v.couponCode ?? null,
        headline: v.headline ?? null,
        endsAt: v.endsAt ?? null,
      }));
      const first = resolved[0];
      const offer = hub.pushOffer({
        courseId,
        ...rest,
        priceMinor: first?.priceMinor,
        couponCode: first?.couponCode ?? undefined,
        experiment: { seed: seed ?? randomBytes(8).toString('hex'), variants: resolved },
      });
      return announce(sessionId, offer);
    },

    'offer.pushPersonal': ({ sessionId }) => {
      const hub = hubOf(sessionId);
      const db = deps.db();
      const session = sessionRow(sessionId);
      // Viewers without a pick see the general offer: the course of the offer on screen, else the
      // class's own course.
      const live = offersOfSession(db, sessionId).findLast((o) => o.withdrawn_at === null);
      const general = live?.course_id ?? session.course_id;
      if (general === null) {
        throw new StudioError(
          'CONFLICT',
          'viewers without a personal pick need a general offer: push a course offer first, or give the class a course',
        );
      }
      const picker = createPersonalPicker(db, deps.clock());
      const offer = hub.pushOffer({ courseId: general, personal: picker });
      return announce(sessionId, offer);
    },

    'report.offerLab': ({ sessionId }) => {
      sessionRow(sessionId);
      const db = deps.db();
      const windowMs = DEFAULT_ATTRIBUTION_WINDOW_DAYS * DAY_MS;
      return {
        attributionWindowDays: DEFAULT_ATTRIBUTION_WINDOW_DAYS,
        experiments: experimentReports(db, sessionId, windowMs),
        personal: personalReports(db, sessionId, windowMs),
      };
    },
  };
}
