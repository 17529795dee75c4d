import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  WebmSegmenter,
  type WebmSegment,
} from '../../../src/main/media/http-stream/webm-segmenter';
import { ffprobePackets, makeLiveWebm, randomChunks } from '../../helpers/media';

const dir = mkdtempSync(join(tmpdir(), 'encore-webm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function packetsOf(bytes: Uint8Array, name: string): ReturnType<typeof ffprobePackets> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return ffprobePackets(file);
}

function segmentAll(bytes: Uint8Array, maxChunk: number, seed: number): WebmSegment[] {
  const segmenter = new WebmSegmenter();
  const out = randomChunks(bytes, maxChunk, seed).flatMap((chunk) => segmenter.push(chunk));
  expect(segmenter.broken).toBeNull();
  return out;
}

/** Where each media piece starts in the file, with the piece. */
function offsets(segments: WebmSegment[]): { at: number; segment: WebmSegment }[] {
  let at = 0;
  return segments.map((segment) => {
    const entry = { at, segment };
    at += segment.bytes.length;
    return entry;
  });
}

describe('WebM segmenter (the low-latency feed)', () => {
  // Clusters every 100 ms and a keyframe every 15 frames: most Clusters start on a delta frame.
  const file = makeLiveWebm({ seconds: 3, clusterMs: 100, gop: 15 });
  const packets = packetsOf(file, 'short-clusters.webm');

  it.each([
    [64, 1],
    [1_500, 2],
    [40_000, 3],
  ])('hands on every byte in order, however the chunks fall (max %i)', (max, seed) => {
    const segments = segmentAll(file, max, seed);
    expect(segments[0]?.kind).toBe('init');
    expect(segments.filter((s) => s.kind === 'init')).toHaveLength(1);
    const joined = Buffer.concat(segments.map((s) => s.bytes));
    expect(joined.equals(Buffer.from(file))).toBe(true);
  });

  it('reads the codecs and marks keyframe Clusters as ffprobe sees them', () => {
    const segments = segmentAll(file, 3_000, 7);
    const init = segments[0];
    expect(init).toMatchObject({ kind: 'init', mimeType: 'video/webm; codecs="vp8, opus"' });
    const starts = offsets(segments).filter(
      (e) => e.segment.kind === 'media' && e.segment.clusterStart,
    );
    expect(starts.length).toBeGreaterThan(20);
    let keys = 0;
    for (const { at, segment } of starts) {
      // The first video packet after the Cluster's start says what it starts on.
      // (None: the last Clusters hold only sound, no place for a viewer to begin.)
      const firstVideo = packets.find((p) => p.stream === 0 && p.pos >= at);
      const key = segment.kind === 'media' && segment.key;
      expect(key).toBe(firstVideo?.key ?? false);
      if (key) keys += 1;
    }
    // Some start on keyframes and some do not: both branches are exercised.
    expect(keys).toBeGreaterThan(2);
    expect(keys).toBeLessThan(starts.length);
  });

  it('a joiner given the init and the pieces from a key Cluster on has a playable file', () => {
    const segments = segmentAll(file, 2_000, 11);
    const init = segments[0]!;
    const keyIndexes = segments.flatMap((s, i) => (s.kind === 'media' && s.key ? [i] : []));
    const from = keyIndexes[Math.floor(keyIndexes.length / 2)]!;
    const joined = Buffer.concat([init.bytes, ...segments.slice(from).map((s) => s.bytes)]);
    const late = packetsOf(joined, 'late.webm');
    const firstVideo = late.find((p) => p.stream === 0);
    expect(firstVideo?.key).toBe(true);
    expect(late.filter((p) => p.stream === 0).length).toBeGreaterThan(10);
  });

  it('reads Clusters of unknown size (as MediaRecorder writes them) the same way', () => {
    const unknown = withUnknownClusterSizes(file);
    expect(Buffer.from(unknown).equals(Buffer.from(file))).toBe(false);
    const marks = (segments: WebmSegment[]) =>
      offsets(segments).flatMap(({ at, segment }) =>
        segment.kind === 'media' && segment.clusterStart
          ? [`${String(at)}:${String(segment.key)}`]
          : [],
      );
    const known = segmentAll(file, 900, 4);
    const open = segmentAll(unknown, 900, 4);
    expect(marks(open)).toEqual(marks(known));
    expect(marks(open).length).toBeGreaterThan(20);
    expect(Buffer.concat(open.map((s) => s.bytes)).equals(Buffer.from(unknown))).toBe(true);
  });

  it('with Clusters per keyframe (as MediaRecorder writes), every Cluster is a start', () => {
    const perKey = makeLiveWebm({ seconds: 2, clusterMs: 5_000, gop: 10 });
    const segments = segmentAll(perKey, 500, 5);
    const starts = segments.filter((s) => s.kind === 'media' && s.clusterStart);
    expect(starts.length).toBeGreaterThan(3);
    expect(starts.every((s) => s.kind === 'media' && s.key)).toBe(true);
  });

  it('sound only: every Cluster is a place to begin', () => {
    const sound = makeLiveWebm({ seconds: 1, clusterMs: 100, video: false });
    const segments = segmentAll(sound, 700, 9);
    expect(segments[0]).toMatchObject({ kind: 'init', mimeType: 'audio/webm; codecs="opus"' });
    const starts = segments.filter((s) => s.kind === 'media' && s.clusterStart);
    expect(starts.length).toBeGreaterThan(3);
    expect(starts.every((s) => s.kind === 'media' && s.key)).toBe(true);
  });

  it('stops at bytes that are not WebM, and hands on nothing after', () => {
    const segmenter = new WebmSegmenter();
    expect(segmenter.push(new Uint8Array([0x00, 0x00, 0x00, 0x18]))).toEqual([]);
    expect(segmenter.broken).toMatch(/not a WebM element header/);
    expect(segmenter.push(file)).toEqual([]);
  });

  it('refuses a stream that never reaches a Cluster, without holding it all', () => {
    const segmenter = new WebmSegmenter();
    // An EBML header, then a Segment of unknown size, then one huge Void element's worth of zeros.
    const header = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x80, 0x18, 0x53, 0x80, 0x67, 0xff]);
    expect(segmenter.push(header)).toEqual([]);
    // A Void (0xEC) of 2 MB: passed over, but the init grows past its limit.
    const voidHeader = new Uint8Array([0xec, 0x10, 0x20, 0x00, 0x00]);
    segmenter.push(voidHeader);
    segmenter.push(new Uint8Array(1_100_000));
    expect(segmenter.broken).toMatch(/no WebM Cluster/);
  });
});

/**
 * The same file with every Cluster's size written as "unknown" (all ones, same width): walks the
 * Segment's children by their sizes, as a reader of the whole file can.
 */
function withUnknownClusterSizes(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const vint = (at: number): { length: number; value: number } => {
    const first = out[at]!;
    let length = 1;
    while ((first & (0x80 >> (length - 1))) === 0) length += 1;
    let value = first & (0xff >> length);
    for (let i = 1; i < length; i += 1) value = value * 256 + out[at + i]!;
    return { length, value };
  };
  // EBML header (sized), then the Segment's id and size: its children follow.
  const ebmlSize = vint(4);
  let pos = 4 + ebmlSize.length + ebmlSize.value;
  pos += 4 + vint(pos + 4).length;
  while (pos < out.length) {
    const idLength = vint(pos).length;
    const size = vint(pos + idLength);
    const isCluster =
      out[pos] === 0x1f && out[pos + 1] === 0x43 && out[pos + 2] === 0xb6 && out[pos + 3] === 0x75;
    if (isCluster) {
      out[pos + idLength] = 0xff >> (size.length - 1);
      for (let i = 1; i < size.length; i += 1) out[pos + idLength + i] = 0xff;
    }
    pos += idLength + size.length + size.value;
  }
  return out;
}
