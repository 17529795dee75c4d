import { describe, expect, it } from 'vitest';
import { Mp4Segmenter } from '../../../src/main/media/http-stream/mp4-boxes';
import { StreamFanout, type StreamSink } from '../../../src/main/media/http-stream/stream-fanout';
import { makeFragmentedMp4, randomChunks } from '../../helpers/media';

const file = makeFragmentedMp4({ seconds: 4, fragDurationUs: 250_000 });
const segments = new Mp4Segmenter().push(file);
const init = segments.find((s) => s.kind === 'init');
const fragments = segments.flatMap((s) => (s.kind === 'fragment' ? [s] : []));

class FakeSink implements StreamSink {
  buffered = 0;
  readonly frames: (Uint8Array | string)[] = [];
  send(data: Uint8Array | string): void {
    this.frames.push(data);
  }
  control(): string[] {
    return this.frames.flatMap((f) =>
      typeof f === 'string' ? [(JSON.parse(f) as { type: string }).type] : [],
    );
  }
  media(): Uint8Array[] {
    return this.frames.filter((f): f is Uint8Array => typeof f !== 'string');
  }
}

/** Feeds the file to the fan-out up to (not including) fragment `upTo`. */
function feed(fanout: StreamFanout, from: number, upTo: number): void {
  for (const fragment of fragments.slice(from, upTo)) {
    for (const chunk of randomChunks(fragment.bytes, 4_000, from + 1)) fanout.push(chunk);
  }
}

describe('HTTP stream fan-out', () => {
  it('gives a late joiner the init segment and the fragments from the newest keyframe on', () => {
    expect(init).toBeDefined();
    const fanout = new StreamFanout();
    const early = new FakeSink();
    fanout.add(early);
    fanout.begin('video/mp4;codecs=avc1,opus');
    fanout.push(init!.bytes);
    const lastKey = fragments.findLastIndex((f, i) => f.key && i < fragments.length - 2);
    expect(lastKey).toBeGreaterThan(0);
    feed(fanout, 0, lastKey + 2);

    expect(early.control()).toEqual(['hello', 'init']);
    expect(early.media()).toHaveLength(1 + lastKey + 2);

    const late = new FakeSink();
    fanout.add(late);
    expect(late.control()).toEqual(['hello', 'init']);
    const media = late.media();
    expect(media[0]).toEqual(init!.bytes);
    // The newest key fragment and the one after it, nothing older.
    expect(media.slice(1)).toEqual([fragments[lastKey]!.bytes, fragments[lastKey + 1]!.bytes]);
    expect(JSON.parse(late.frames[1] as string)).toMatchObject({
      mimeType: expect.stringMatching(/^video\/mp4; codecs="avc1\./) as unknown,
    });
  });

  it('a viewer that joins before the init segment starts at the first keyframe', () => {
    const fanout = new StreamFanout();
    fanout.begin('video/mp4');
    const sink = new FakeSink();
    fanout.add(sink);
    expect(sink.control()).toEqual(['hello']);
    fanout.push(init!.bytes);
    feed(fanout, 0, 3);
    expect(sink.media()[1]).toEqual(fragments[0]!.bytes);
    expect(fragments[0]!.key).toBe(true);
  });

  it('skips a slow viewer forward to the next keyframe instead of queueing', () => {
    const fanout = new StreamFanout({ maxBufferedBytes: 1_000 });
    fanout.begin('video/mp4');
    fanout.push(init!.bytes);
    const slow = new FakeSink();
    const fast = new FakeSink();
    fanout.add(slow);
    fanout.add(fast);
    feed(fanout, 0, 1);
    slow.buffered = 50_000; // the network is not draining this viewer
    const nextKey = fragments.findIndex((f, i) => i > 1 && f.key);
    expect(nextKey).toBeGreaterThan(1);
    feed(fanout, 1, nextKey);
    const before = slow.media().length;
    slow.buffered = 0; // drained
    feed(fanout, nextKey, nextKey + 1);
    // Nothing between: the next frame after the drain is a skip notice and the key fragment.
    expect(before).toBe(2);
    expect(slow.control().at(-1)).toBe('skip');
    expect(slow.media().at(-1)).toEqual(fragments[nextKey]!.bytes);
    expect(fanout.skips).toBe(1);
    expect(fast.media()).toHaveLength(1 + nextKey + 1);
  });

  it('says when a format cannot be streamed, and when the broadcast ends', () => {
    const fanout = new StreamFanout();
    const sink = new FakeSink();
    fanout.add(sink);
    fanout.begin('video/webm;codecs=vp8,opus');
    fanout.push(new Uint8Array([1, 2, 3]));
    fanout.end();
    expect(sink.control()).toEqual(['hello', 'unavailable', 'ended']);
    expect(sink.media()).toEqual([]);
  });
});
