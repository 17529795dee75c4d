import { describe, expect, it } from 'vitest';
import {
  Mp4BoxScanner,
  Mp4Segmenter,
  concatBytes,
  mseMimeType,
  type Mp4Segment,
} from '../../../src/main/media/http-stream/mp4-boxes';
import { makeFragmentedMp4, randomChunks } from '../../helpers/media';

const file = makeFragmentedMp4({ seconds: 6 });

function segmentAll(chunks: Uint8Array[]): Mp4Segment[] {
  const segmenter = new Mp4Segmenter();
  return chunks.flatMap((chunk) => segmenter.push(chunk));
}

describe('fragmented MP4 box scanner', () => {
  it('finds the same top-level boxes however the bytes are split', () => {
    const whole = new Mp4BoxScanner().push(file).map((b) => [b.type, b.start, b.bytes.byteLength]);
    expect(whole.slice(0, 2).map(([type]) => type)).toEqual(['ftyp', 'moov']);
    expect(whole.filter(([type]) => type === 'moof')).toHaveLength(6);
    for (const [seed, max] of [
      [1, 7],
      [2, 1_000],
      [3, 65_536],
    ] as const) {
      const scanner = new Mp4BoxScanner();
      const boxes = randomChunks(file, max, seed).flatMap((chunk) => scanner.push(chunk));
      expect(boxes.map((b) => [b.type, b.start, b.bytes.byteLength])).toEqual(whole);
      expect(scanner.boundary).toBe(file.byteLength);
    }
  });

  it('reports a boundary only at complete boxes and stops on garbage', () => {
    const scanner = new Mp4BoxScanner();
    scanner.push(file.subarray(0, 10));
    expect(scanner.boundary).toBe(0);
    const broken = new Mp4BoxScanner();
    expect(broken.push(new Uint8Array([0, 0, 0, 3, 1, 2, 3, 4]))).toEqual([]);
    expect(broken.broken).toBe(true);
  });

  it('cuts init + keyframe fragments and names the codecs for MSE', () => {
    const segments = segmentAll(randomChunks(file, 5_000, 9));
    const [init, ...fragments] = segments;
    expect(init?.kind).toBe('init');
    if (init?.kind !== 'init') throw new Error('no init');
    expect(mseMimeType(init.codecs)).toMatch(
      /^video\/mp4; codecs="avc1\.42C0[0-9A-F]{2},mp4a\.40\.2"$/,
    );
    expect(fragments).toHaveLength(6);
    expect(fragments.every((f) => f.kind === 'fragment' && f.key)).toBe(true);
    // Init and fragments together are the whole file, byte for byte, up to ffmpeg's closing
    // random-access index (mfra), which a live stream never has.
    const mfra = new Mp4BoxScanner().push(file).find((b) => b.type === 'mfra');
    const mediaEnd = file.byteLength - (mfra?.bytes.byteLength ?? 0);
    expect(concatBytes(segments.map((s) => s.bytes))).toEqual(file.subarray(0, mediaEnd));
    const last = fragments.at(-1);
    expect(last?.kind === 'fragment' ? last.end : 0).toBe(mediaEnd);
  });

  it('tells fragments that start on a keyframe from those that do not', () => {
    const short = makeFragmentedMp4({ seconds: 3, fragDurationUs: 250_000 });
    const fragments = segmentAll(randomChunks(short, 3_000, 4)).filter(
      (s): s is Extract<Mp4Segment, { kind: 'fragment' }> => s.kind === 'fragment',
    );
    expect(fragments.length).toBeGreaterThan(6);
    expect(fragments[0]?.key).toBe(true);
    // One keyframe per second (g=30 at 30 fps) and a fragment every 250 ms: most fragments start
    // mid-GOP; at most one per keyframe starts on one.
    const keys = fragments.filter((f) => f.key).length;
    expect(keys).toBeGreaterThanOrEqual(1);
    expect(keys).toBeLessThanOrEqual(3);
    expect(fragments.length - keys).toBeGreaterThan(4);
  });
});
