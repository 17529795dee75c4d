import { describe, expect, it } from 'vitest';
import { DroppedSince } from '../../../src/renderer/studio/screens/broadcast/frame-drops';

describe('frames dropped since the last look', () => {
  it('counts the growth of the running count, from where it started', () => {
    const drops = new DroppedSince(10);
    expect(drops.next(10)).toBe(0);
    expect(drops.next(13)).toBe(3);
    expect(drops.next(13)).toBe(0);
  });

  it('takes a count that went down as restarted (the class went live)', () => {
    const drops = new DroppedSince();
    expect(drops.next(40)).toBe(40);
    expect(drops.next(2)).toBe(2);
    expect(drops.next(5)).toBe(3);
  });
});
