import { REACTIONS, type Reaction } from '../../../../shared/contract/audience-protocol';
import { addReactions, reactionTotals } from '../../../storage/queries/live/engagement';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type BatchWriter, type Feature } from '../feature';

/**
 * Reactions: each one's event row (its client id de-duplicates a retry) is written as it is
 * applied, while the per-viewer counts are added up in memory and written once per viewer and
 * reaction in the same transaction, at its end (`persist`, called by the commit queue), so the
 * acknowledgement still follows the commit. Broadcast to the class as totals on the hub's tick.
 */
export class Reactions implements Feature<'react'>, BatchWriter {
  readonly #ctx: HubContext;
  readonly #totals: Record<Reaction, number>;
  /** This transaction's counts not written yet, by `learnerId reaction`. */
  readonly #pending = new Map<
    string,
    { learnerId: number; reaction: Reaction; count: number; at: number }
  >();
  #dirty = false;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    this.#totals = Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<Reaction, number>;
    for (const row of reactionTotals(ctx.db, ctx.sessionId)) {
      if ((REACTIONS as readonly string[]).includes(row.reaction)) {
        this.#totals[row.reaction as Reaction] = row.count;
      }
    }
  }

  /** The session's totals (shared: callers must not change them). */
  get totals(): Record<Reaction, number> {
    return this.#totals;
  }

  readonly actions: { react: ActionHandler<'react'> } = {
    react: (viewer, frame, now) => {
      actionEvent(this.#ctx, viewer, frame, 'reaction', { reaction: frame.reaction }, now);
      const key = `${String(viewer.learnerId)} ${frame.reaction}`;
      const pending = this.#pending.get(key);
      if (pending) {
        pending.count += 1;
        pending.at = Math.max(pending.at, now);
      } else {
        this.#pending.set(key, {
          learnerId: viewer.learnerId,
          reaction: frame.reaction,
          count: 1,
          at: now,
        });
      }
      return () => {
        this.#totals[frame.reaction] += 1;
        this.#dirty = true;
      };
    },
  };

  persist(): void {
    for (const pending of this.#pending.values()) {
      addReactions(this.#ctx.db, { sessionId: this.#ctx.sessionId, ...pending });
    }
    this.#pending.clear();
  }

  discard(): void {
    this.#pending.clear();
  }

  tick(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#ctx.out.broadcast(JSON.stringify({ type: 'reactions', totals: this.#totals }));
  }
}
