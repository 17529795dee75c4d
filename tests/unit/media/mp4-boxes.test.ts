import { describe, expect, it } from 'vitest';
import {
  Mp4BoxScanner,
  Mp4Segmenter,
  child,
  concatBytes,
  fragmentVideoTiming,
  mseMimeType,
  readMoov,
  trunSampleDurations,
  type MoovInfo,
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

/** A box of `type` around `payload`, whose words are written big-endian (bigints as 64 bits). */
function box(type: string, ...payload: (number | bigint | Uint8Array)[]): Uint8Array {
  const parts = payload.map((part) => {
    if (part instanceof Uint8Array) return part;
    const bytes = new Uint8Array(typeof part === 'bigint' ? 8 : 4);
    const v = new DataView(bytes.buffer);
    if (typeof part === 'bigint') v.setBigUint64(0, part);
    else v.setUint32(0, part);
    return bytes;
  });
  const body = concatBytes(parts);
  const out = new Uint8Array(8 + body.byteLength);
  new DataView(out.buffer).setUint32(0, out.byteLength);
  out.set(new TextEncoder().encode(type), 4);
  out.set(body, 8);
  return out;
}

describe('fragment timing (trun sample durations, tfdt)', () => {
  it('reads per-sample durations, else the default, and stops at the end of the box', () => {
    // flags: data offset (0x1) + sample duration (0x100) + sample size (0x200).
    const own = box('trun', 0x0000_0301, 3, 120, 10, 1_000, 20, 2_000, 30, 3_000);
    expect(trunSampleDurations(own, 512)).toEqual([10, 20, 30]);
    // data offset + first-sample flags (0x4) come before the samples' entries.
    const firstFlags = box('trun', 0x0000_0105, 2, 120, 0x0200_0000, 11, 22);
    expect(trunSampleDurations(firstFlags, 512)).toEqual([11, 22]);
    // Sample sizes only: every sample lasts the default.
    expect(trunSampleDurations(box('trun', 0x0000_0200, 2, 900, 800), 512)).toEqual([512, 512]);
    // Four samples announced, two written.
    expect(trunSampleDurations(box('trun', 0x0000_0100, 4, 7, 9), 512)).toEqual([7, 9]);
    expect(trunSampleDurations(box('trun', 0), 512)).toEqual([]);
  });

  it('takes the video traf, its tfdt and the tfhd default duration, else the trex one', () => {
    const moov: MoovInfo = {
      codecs: [],
      videoTrackId: 2,
      defaultFlags: new Map(),
      timescales: new Map([[2, 90_000]]),
      defaultDurations: new Map([[2, 3_000]]),
    };
    const audio = box(
      'traf',
      box('tfhd', 0x0002_0000, 1),
      box('tfdt', 0, 48_000),
      box('trun', 0x0000_0100, 1, 1_024),
    );
    // tfhd flags: sample description index (0x2) + default sample duration (0x8).
    const videoOwnDefault = box(
      'traf',
      box('tfhd', 0x0002_000a, 2, 1, 1_500),
      box('tfdt', 0x0100_0000, 2n ** 33n),
      box('trun', 0x0000_0000, 3),
    );
    expect(fragmentVideoTiming(box('moof', audio, videoOwnDefault), moov)).toEqual({
      trackId: 2,
      decodeTime: 2 ** 33,
      durations: [1_500, 1_500, 1_500],
    });
    const videoTrexDefault = box(
      'traf',
      box('tfhd', 0x0002_0000, 2),
      box('tfdt', 0, 6_000),
      box('trun', 0x0000_0000, 2),
    );
    expect(fragmentVideoTiming(box('moof', videoTrexDefault), moov)).toEqual({
      trackId: 2,
      decodeTime: 6_000,
      durations: [3_000, 3_000],
    });
    expect(fragmentVideoTiming(box('moof', audio), moov)).toBeNull();
    expect(fragmentVideoTiming(box('moof', audio), { ...moov, videoTrackId: null })).toBeNull();
  });

  it('follows the video of a real fragmented MP4 from fragment to fragment', () => {
    const short = makeFragmentedMp4({ seconds: 3, fragDurationUs: 250_000 });
    const moovBox = new Mp4BoxScanner().push(short).find((b) => b.type === 'moov');
    if (!moovBox) throw new Error('no moov');
    const moov = readMoov(moovBox.bytes);
    const videoId = moov.videoTrackId ?? -1;
    const timescale = moov.timescales.get(videoId) ?? 0;
    expect(timescale).toBeGreaterThan(0);
    const fragments = segmentAll([short]).filter((s) => s.kind === 'fragment');
    let next = 0;
    let samples = 0;
    for (const fragment of fragments) {
      const moof = child(fragment.bytes, 'moof', 0);
      const timing = moof ? fragmentVideoTiming(moof.bytes, moov) : null;
      if (!timing) throw new Error('no video timing');
      expect(timing.trackId).toBe(videoId);
      // Each fragment's video starts where the previous one's sample durations ended.
      expect(timing.decodeTime).toBe(next);
      expect(timing.durations.every((d) => d > 0)).toBe(true);
      next += timing.durations.reduce((sum, d) => sum + d, 0);
      samples += timing.durations.length;
    }
    // testsrc at 30 fps for 3 s.
    expect(samples).toBe(90);
    expect(next / timescale).toBeCloseTo(3, 1);
  });
});
