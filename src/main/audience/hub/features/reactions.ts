import { REACTIONS, type Reaction } from '../../../../shared/contract/audience-protocol';
import { addReactions, reactionTotals } from '../../../storage/queries/live/engagement';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';

/** Reactions: stored one by one, broadcast to the class as totals on the hub's tick. */
export class Reactions implements Feature<'react'> {
  readonly #ctx: HubContext;
  readonly #totals: Record<Reaction, number>;
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
      addReactions(this.#ctx.db, {
        sessionId: this.#ctx.sessionId,
        learnerId: viewer.learnerId,
        reaction: frame.reaction,
        count: 1,
        at: now,
      });
      return () => {
        this.#totals[frame.reaction] += 1;
        this.#dirty = true;
      };
    },
  };

  tick(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#ctx.out.broadcast(JSON.stringify({ type: 'reactions', totals: this.#totals }));
  }
}
