import { describe, expect, it } from 'vitest';
import { SAFETY_S, liveEdgeAction, liveEdgeTarget } from '../../../src/renderer/viewer/live-edge';

describe('the live-edge policy', () => {
  it('aims one cadence plus the margin behind the newest media, bounded', () => {
    expect(liveEdgeTarget(0.1)).toBeCloseTo(0.1 + SAFETY_S);
    expect(liveEdgeTarget(0.5)).toBeCloseTo(0.5 + SAFETY_S);
    // A burst of messages is not a faster stream, a pause not a slower one.
    expect(liveEdgeTarget(0.001)).toBeCloseTo(0.05 + SAFETY_S);
    expect(liveEdgeTarget(30)).toBeCloseTo(1 + SAFETY_S);
    expect(liveEdgeTarget(Number.NaN)).toBeCloseTo(1 + SAFETY_S);
  });

  it('plays at normal speed at the target', () => {
    expect(liveEdgeAction({ lag: 0.2, cadence: 0.1, inBuffered: true, jump: false })).toEqual({
      seekTo: null,
      rate: 1,
    });
  });

  it('plays a little faster a little behind, faster still further behind', () => {
    const a = (lag: number) => liveEdgeAction({ lag, cadence: 0.1, inBuffered: true, jump: false });
    expect(a(0.35)).toEqual({ seekTo: null, rate: 1.1 });
    expect(a(0.65)).toEqual({ seekTo: null, rate: 1.25 });
  });

  it('seeks to the target when far behind, outside the buffer or told to', () => {
    const target = liveEdgeTarget(0.1);
    expect(liveEdgeAction({ lag: 2, cadence: 0.1, inBuffered: true, jump: false })).toEqual({
      seekTo: target,
      rate: 1,
    });
    // Half a second past the target is too far to catch up by speed on a loaded viewer.
    expect(
      liveEdgeAction({ lag: target + 0.55, cadence: 0.1, inBuffered: true, jump: false }),
    ).toEqual({ seekTo: target, rate: 1 });
    expect(liveEdgeAction({ lag: 0.2, cadence: 0.1, inBuffered: false, jump: false }).seekTo).toBe(
      target,
    );
    expect(liveEdgeAction({ lag: 0.2, cadence: 0.1, inBuffered: true, jump: true }).seekTo).toBe(
      target,
    );
  });

  it('holds a stream of half-second fragments further back than one of 100 ms chunks', () => {
    const lag = 0.55;
    expect(liveEdgeAction({ lag, cadence: 0.5, inBuffered: true, jump: false }).rate).toBe(1);
    expect(liveEdgeAction({ lag, cadence: 0.1, inBuffered: true, jump: false }).rate).toBe(1.1);
  });
});
