import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';

/** Raised hands: stored as events; shown to the studio with the viewers' presence. */
export class Hands implements Feature<'hand'> {
  readonly #ctx: HubContext;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
  }

  readonly actions: { hand: ActionHandler<'hand'> } = {
    hand: (viewer, frame, now) => {
      actionEvent(this.#ctx, viewer, frame, 'hand_raise', { raised: frame.raised }, now);
      return () => {
        viewer.handRaised = frame.raised;
        this.#ctx.feed.changed('viewers');
      };
    },
  };
}
