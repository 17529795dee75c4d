import { describe, expect, it } from 'vitest';
import { parseCapacityFlags } from '../../../bench/webrtc-capacity';

describe('the WebRTC capacity bench flags', () => {
  it('has bounded defaults', () => {
    expect(parseCapacityFlags([])).toEqual({ steps: [50, 100, 200, 400], seconds: 8 });
  });

  it('reads steps (sorted, without repeats) and seconds', () => {
    expect(parseCapacityFlags(['x', '--steps=200,50,100,50', '--seconds=5'])).toEqual({
      steps: [50, 100, 200],
      seconds: 5,
    });
  });

  it('refuses steps that are not whole numbers within bounds', () => {
    for (const steps of ['', '0', '-5', '1.5', 'ten', '50,,100', '2001'])
      expect(() => parseCapacityFlags([`--steps=${steps}`]), steps).toThrow(/--steps/);
  });

  it('refuses a duration out of bounds', () => {
    for (const seconds of ['', '0', '0.5', '61', 'soon'])
      expect(() => parseCapacityFlags([`--seconds=${seconds}`]), seconds).toThrow(/--seconds/);
  });
});
