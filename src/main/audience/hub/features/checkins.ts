import type { LiveCheckin } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import {
  checkedInLearners,
  checkinsOfSession,
  closeCheckin,
  getCheckin,
  openCheckin,
  recordCheckin,
} from '../../../storage/queries/live/engagement';
import { toLiveCheckin } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { Refusal, publicNumber, type CurrentCheckin } from '../state';

/** Check-ins ("I'm here"): opened by the host, optionally timed; one open at a time. */
export class Checkins implements Feature<'checkin'> {
  readonly #ctx: HubContext;
  #checkin: CurrentCheckin | null = null;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    const checkin = checkinsOfSession(ctx.db, ctx.sessionId).at(-1);
    if (checkin && checkin.closed_at === null) {
      this.#checkin = {
        id: checkin.id,
        closesAt: checkin.closes_at,
        done: checkedInLearners(ctx.db, checkin.id),
      };
    }
  }

  get current(): CurrentCheckin | null {
    return this.#checkin;
  }

  readonly actions: { checkin: ActionHandler<'checkin'> } = {
    checkin: (viewer, frame, now) => {
      const checkin = this.#checkin;
      if (!checkin || checkin.id !== publicNumber(frame.checkinId, 'c'))
        throw new Refusal('NOT_FOUND', 'no such check-in');
      if (checkin.closesAt !== null && checkin.closesAt <= now)
        throw new Refusal('CLOSED', 'the check-in is closed');
      if (checkin.done.has(viewer.learnerId)) {
        const payload = { checkinId: checkin.id, again: true };
        actionEvent(this.#ctx, viewer, frame, 'check_in', payload, now);
        return null;
      }
      const payload = { checkinId: checkin.id };
      const eventId = actionEvent(this.#ctx, viewer, frame, 'check_in', payload, now);
      recordCheckin(this.#ctx.db, {
        checkinId: checkin.id,
        learnerId: viewer.learnerId,
        eventId,
        at: now,
      });
      return () => {
        checkin.done.add(viewer.learnerId);
        this.#ctx.feed.changed('checkins');
        if (viewer.conn) {
          this.#ctx.out.enqueue(
            viewer.conn,
            JSON.stringify({
              type: 'checkin',
              checkin: { id: `c${String(checkin.id)}`, closesAt: checkin.closesAt, done: true },
            }),
          );
        }
      };
    },
  };

  /** A timed check-in closes once its time is up (retried on a later tick if the write fails). */
  tick(now: number): void {
    const checkin = this.#checkin;
    if (
      checkin &&
      checkin.closesAt !== null &&
      checkin.closesAt <= now &&
      this.#ctx.backgroundWrite('closing a check-in', () =>
        closeCheckin(this.#ctx.db, checkin.id, checkin.closesAt ?? now),
      )
    ) {
      this.#checkin = null;
      this.#ctx.out.broadcast(JSON.stringify({ type: 'checkin', checkin: null }));
      this.#ctx.feed.changed('checkins');
    }
  }

  openCheckin(durationSeconds: number | undefined): LiveCheckin {
    const { db, sessionId } = this.#ctx;
    const now = this.#ctx.clock();
    const closesAt = durationSeconds === undefined ? null : now + durationSeconds * 1_000;
    const id = db.transaction(() => {
      if (this.#checkin) closeCheckin(db, this.#checkin.id, now);
      return openCheckin(db, { sessionId, at: now, closesAt });
    })();
    this.#checkin = { id, closesAt, done: new Set() };
    this.#ctx.out.broadcast(
      JSON.stringify({ type: 'checkin', checkin: { id: `c${String(id)}`, closesAt, done: false } }),
    );
    this.#ctx.feed.changed('checkins');
    const row = getCheckin(db, id);
    if (!row) throw new Error('check-in vanished');
    return toLiveCheckin(row);
  }

  closeCheckin(checkinId: number): LiveCheckin {
    const { db, sessionId } = this.#ctx;
    const row = getCheckin(db, checkinId);
    if (!row || row.session_id !== sessionId)
      throw new StudioError('NOT_FOUND', 'no such check-in');
    closeCheckin(db, checkinId, this.#ctx.clock());
    if (this.#checkin?.id === checkinId) {
      this.#checkin = null;
      this.#ctx.out.broadcast(JSON.stringify({ type: 'checkin', checkin: null }));
    }
    this.#ctx.feed.changed('checkins');
    const updated = getCheckin(db, checkinId);
    if (!updated) throw new Error('check-in vanished');
    return toLiveCheckin(updated);
  }
}
