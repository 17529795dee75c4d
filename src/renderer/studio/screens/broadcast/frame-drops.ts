/**
 * Frame slots the program missed since the last look, from its running count
 * (`Program.frameStats().dropped`), which restarts when the class goes live. Read once a second by
 * the portrait canvas's rate policy (portrait-feed.ts) and the low-latency feed's (http-feed.ts).
 */
export class DroppedSince {
  #last: number;

  constructor(start = 0) {
    this.#last = start;
  }

  next(dropped: number): number {
    const since = dropped >= this.#last ? dropped - this.#last : dropped;
    this.#last = dropped;
    return since;
  }
}
