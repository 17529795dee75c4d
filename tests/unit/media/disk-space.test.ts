import { describe, expect, it } from 'vitest';
import {
  BitrateWindow,
  DEFAULT_DISK_POLICY,
  describeDisk,
  enoughToStart,
  minutesRemaining,
  mustStop,
} from '../../../src/main/media/recording/disk-space';

const MB = 1_000_000;
const policy = {
  ...DEFAULT_DISK_POLICY,
  reserveBytes: 100 * MB,
  warnMinutes: 15,
  minutesToStart: 10,
};

describe('disk space estimate', () => {
  it('gives minutes of recording above the reserve at a bitrate', () => {
    // 4 Mbit/s = 0.5 MB/s = 30 MB/min; 400 MB usable → 13.33 min.
    expect(minutesRemaining(500 * MB, 4_000_000, 100 * MB)).toBeCloseTo(13.333, 3);
    expect(minutesRemaining(50 * MB, 4_000_000, 100 * MB)).toBe(0);
    expect(minutesRemaining(500 * MB, 0, 100 * MB)).toBeNull();
  });

  it('warns below the threshold, refuses to start without room, stops at the reserve', () => {
    expect(describeDisk(500 * MB, 4_000_000, policy)).toEqual({
      freeBytes: 500 * MB,
      minutesLeft: 13.3,
      low: true,
    });
    expect(describeDisk(5_000 * MB, 4_000_000, policy).low).toBe(false);
    // Before any bytes, the expected bitrate (4 Mbit/s) is assumed.
    expect(describeDisk(500 * MB, 0, policy).minutesLeft).toBe(13.3);
    expect(enoughToStart(100 * MB + 300 * MB, policy)).toBe(true);
    expect(enoughToStart(100 * MB + 299 * MB, policy)).toBe(false);
    expect(mustStop(99 * MB, policy)).toBe(true);
    expect(mustStop(101 * MB, policy)).toBe(false);
  });

  it('measures the recorder bitrate over a sliding window', () => {
    const window = new BitrateWindow(5_000);
    expect(window.bitsPerSecond(0)).toBe(0);
    for (let s = 0; s < 10; s += 1) window.add(s * 1_000, 500_000); // 4 Mbit/s
    expect(window.bitsPerSecond(9_000)).toBe(4_800_000); // 6 samples in the last 5 s window
    expect(window.bitsPerSecond(60_000)).toBe(0);
  });
});
