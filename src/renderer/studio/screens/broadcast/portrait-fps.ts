// The portrait canvas's frame rate policy (portrait-feed.ts applies it once a second). Plain
// logic, no DOM: tests/unit/media/portrait-fps.test.ts.

/** The portrait frame rate steps: it is lowered first when the machine cannot keep up. */
export const PORTRAIT_FPS_STEPS = [30, 24, 15, 10] as const;
export type PortraitFps = (typeof PORTRAIT_FPS_STEPS)[number];

export interface LoadSample {
  /** Frame slots the landscape program missed over the last second. */
  droppedPerSecond: number;
}

/** Seconds in a row without missed frames before the portrait frame rate goes up one step. */
export const CALM_SECONDS_TO_RAISE = 10;
/** Missed landscape frames per second that count as "cannot keep up". */
export const BUSY_DROPS_PER_SECOND = 2;

/**
 * The next portrait frame rate: one step down after a second with missed landscape frames (the
 * landscape program, which is recorded, keeps its rate), one step up after a calm stretch.
 */
export function nextPortraitFps(
  current: PortraitFps,
  sample: LoadSample,
  calmSeconds: number,
): { fps: PortraitFps; calmSeconds: number } {
  const index = PORTRAIT_FPS_STEPS.indexOf(current);
  if (sample.droppedPerSecond >= BUSY_DROPS_PER_SECOND) {
    const lower = PORTRAIT_FPS_STEPS[Math.min(index + 1, PORTRAIT_FPS_STEPS.length - 1)];
    return { fps: lower ?? current, calmSeconds: 0 };
  }
  const calm = sample.droppedPerSecond === 0 ? calmSeconds + 1 : 0;
  if (calm >= CALM_SECONDS_TO_RAISE && index > 0) {
    return { fps: PORTRAIT_FPS_STEPS[index - 1] ?? current, calmSeconds: 0 };
  }
  return { fps: current, calmSeconds: calm };
}
