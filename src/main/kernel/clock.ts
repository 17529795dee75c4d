/** Wall-clock milliseconds (UTC). Injected so tests and the demo generator control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
