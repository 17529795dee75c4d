import { describe, expect, it } from 'vitest';
import {
  readTimecode,
  readTimecodeBits,
  timecodeAge,
  timecodeBits,
  TIMECODE_CELL,
} from '../../src/renderer/common/timecode';

/** Paints the cells the way drawTimecode does, into a plain RGBA buffer (no canvas in Node). */
function paint(nowMs: number, width: number, height: number, noise = 0): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const cell = width * TIMECODE_CELL;
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  timecodeBits(nowMs).forEach((bit, index) => {
    const x0 = Math.round(cell * (1 + index));
    const y0 = Math.round(cell);
    for (let y = y0; y < y0 + Math.ceil(cell); y += 1)
      for (let x = x0; x < x0 + Math.ceil(cell); x += 1) {
        const at = (y * width + x) * 4;
        const v = (bit ? 255 : 0) + noise * rand();
        rgba[at] = v;
        rgba[at + 1] = v;
        rgba[at + 2] = v;
        rgba[at + 3] = 255;
      }
  });
  return rgba;
}

describe('burned-in timecode', () => {
  it('reads back the time it was drawn with, modulo 2^24 ms', () => {
    for (const now of [0, 1, 1_763_790_000_123, 2 ** 24 - 1, 2 ** 24 + 5]) {
      expect(readTimecodeBits(timecodeBits(now))).toBe(now % 2 ** 24);
    }
  });

  it('reads from pixels at any picture size, through encoder-like noise', () => {
    const now = 1_763_790_123_456;
    for (const [w, h] of [
      [1280, 720],
      [640, 360],
      [1080, 1920],
      [480, 270],
    ] as const) {
      expect(readTimecode(paint(now, w, h, 90), w, h)).toBe(now % 2 ** 24);
    }
  });

  it('reads nothing from a frame without a clock, or with one bit flipped', () => {
    expect(readTimecode(new Uint8ClampedArray(640 * 360 * 4), 640, 360)).toBeNull();
    expect(readTimecode(new Uint8ClampedArray(640 * 360 * 4).fill(255), 640, 360)).toBeNull();
    const bits = timecodeBits(123_456_789);
    for (let i = 0; i < bits.length; i += 1) {
      const flipped = [...bits];
      flipped[i] = !flipped[i];
      expect(readTimecodeBits(flipped)).toBeNull();
    }
    expect(readTimecodeBits(bits.slice(1))).toBeNull();
  });

  it('measures age across the wrap of the 24-bit clock', () => {
    const stamp = 2 ** 24 - 100;
    expect(timecodeAge(stamp, 2 ** 24 * 3 + 150)).toBe(250);
    expect(timecodeAge(readTimecodeBits(timecodeBits(5_000))!, 5_640)).toBe(640);
  });

  it('reads a display time estimated just before the stamp as a small negative age', () => {
    // Seen as maxMs 16777215 in bench:latency's WebRTC runs before ages were signed.
    expect(timecodeAge(readTimecodeBits(timecodeBits(5_000))!, 4_999)).toBe(-1);
    expect(timecodeAge(2 ** 24 - 1, 2 ** 24 * 2 - 3)).toBe(-2);
    expect(timecodeAge(10, 2 ** 23 + 10)).toBe(2 ** 23);
  });
});
