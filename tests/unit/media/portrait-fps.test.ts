import { describe, expect, it } from 'vitest';
import {
  BUSY_DROPS_PER_SECOND,
  CALM_SECONDS_TO_RAISE,
  nextPortraitFps,
  PORTRAIT_FPS_STEPS,
  type PortraitFps,
} from '../../../src/renderer/studio/screens/broadcast/portrait-fps';

describe('the portrait canvas frame rate: lowered first when the machine cannot keep up', () => {
  it('steps down one step per busy second, to the floor and no further', () => {
    let fps: PortraitFps = 30;
    const seen: number[] = [];
    for (let i = 0; i < PORTRAIT_FPS_STEPS.length + 2; i += 1) {
      fps = nextPortraitFps(fps, { droppedPerSecond: BUSY_DROPS_PER_SECOND }, 0).fps;
      seen.push(fps);
    }
    expect(seen).toEqual([24, 15, 10, 10, 10, 10]);
  });

  it('keeps the rate on a single missed frame, and goes back up only after a calm stretch', () => {
    expect(nextPortraitFps(30, { droppedPerSecond: 1 }, 5)).toEqual({ fps: 30, calmSeconds: 0 });
    let state = { fps: 15 as PortraitFps, calmSeconds: 0 };
    for (let i = 1; i < CALM_SECONDS_TO_RAISE; i += 1) {
      state = nextPortraitFps(state.fps, { droppedPerSecond: 0 }, state.calmSeconds);
      expect(state.fps).toBe(15);
    }
    state = nextPortraitFps(state.fps, { droppedPerSecond: 0 }, state.calmSeconds);
    expect(state).toEqual({ fps: 24, calmSeconds: 0 });
    // A busy second in the calm stretch starts it over.
    expect(nextPortraitFps(24, { droppedPerSecond: 3 }, 9)).toEqual({ fps: 15, calmSeconds: 0 });
  });

  it('never goes above 30', () => {
    expect(nextPortraitFps(30, { droppedPerSecond: 0 }, CALM_SECONDS_TO_RAISE + 5).fps).toBe(30);
  });
});
