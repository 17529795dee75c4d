import { describe, expect, it } from 'vitest';
import { Mp4Segmenter } from '../../../src/main/media/http-stream/mp4-boxes';
import { StreamFanout, type StreamSink } from '../../../src/main/media/http-stream/stream-fanout';
import { WebmSegmenter } from '../../../src/main/media/http-stream/webm-segmenter';
import { StudioError } from '../../../src/shared/contract/errors';
import { makeFragmentedMp4, makeLiveWebm, randomChunks } from '../../helpers/media';

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

/** The StudioError a call throws, as its code and message (fails the test if none). */
function refusal(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof StudioError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the call was not refused');
}

describe('HTTP stream fan-out: the low-latency feed', () => {
  // One Cluster per keyframe, as MediaRecorder writes it; a keyframe every 10 frames.
  const webm = makeLiveWebm({ seconds: 3, clusterMs: 10_000, gop: 10 });
  const feedChunks = randomChunks(webm, 3_000, 21);
  const webmSegments = new WebmSegmenter().push(webm);
  const webmInit = webmSegments[0]!;

  function live(): StreamFanout {
    const fanout = new StreamFanout();
    fanout.begin('video/mp4;codecs=avc1,opus');
    fanout.push(init!.bytes);
    feed(fanout, 0, 2);
    return fanout;
  }

  function pushFeed(fanout: StreamFanout, from: number, upTo: number): void {
    for (let seq = from; seq < upTo; seq += 1) {
      expect(fanout.feedPush(seq, feedChunks[seq]!)).toEqual({ duplicate: false });
    }
  }

  it('moves viewers who play WebM onto the feed at its first keyframe, and no one else', () => {
    const fanout = live();
    const webmViewer = new FakeSink();
    const mp4Viewer = new FakeSink();
    fanout.add(webmViewer, { acceptsFeed: true });
    fanout.add(mp4Viewer);
    expect(fanout.feedViewers).toBe(1);
    fanout.feedBegin();
    pushFeed(fanout, 0, feedChunks.length);
    feed(fanout, 2, 4);

    expect(webmViewer.control()).toEqual(['hello', 'init', 'init']);
    const initFrame: unknown = JSON.parse(
      webmViewer.frames.filter((f) => typeof f === 'string')[2] as string,
    );
    expect(initFrame).toEqual({ type: 'init', mimeType: 'video/webm; codecs="vp8, opus"' });
    // After the mp4 start (init + 2 fragments): the WebM init, then every feed byte from the
    // first Cluster on, and no more mp4.
    const media = webmViewer.media();
    expect(media.slice(0, 3)).toEqual([init!.bytes, fragments[0]!.bytes, fragments[1]!.bytes]);
    expect(media[3]).toEqual(webmInit.bytes);
    const fed = Buffer.concat(media.slice(4));
    expect(fed.equals(Buffer.from(webm.subarray(webmInit.bytes.length)))).toBe(true);
    expect(fanout.onFeed).toBe(1);

    expect(mp4Viewer.control()).toEqual(['hello', 'init']);
    expect(mp4Viewer.media()).toEqual([init!.bytes, ...fragments.slice(0, 4).map((f) => f.bytes)]);
  });

  it('gives a joiner the feed from its newest keyframe, and takes it back to mp4 when it ends', () => {
    const fanout = live();
    fanout.feedBegin();
    pushFeed(fanout, 0, feedChunks.length);
    const joiner = new FakeSink();
    fanout.add(joiner, { acceptsFeed: true });
    expect(joiner.control()).toEqual(['hello', 'init']);
    const media = joiner.media();
    expect(media[0]).toEqual(webmInit.bytes);
    // The newest keyframe Cluster and what came after it: a file that starts on a keyframe.
    const lastKey = webmSegments.findLastIndex((s) => s.kind === 'media' && s.key);
    const tail = Buffer.concat(webmSegments.slice(lastKey).map((s) => s.bytes));
    expect(Buffer.concat(media.slice(1)).equals(tail)).toBe(true);

    fanout.feedEnd();
    expect(fanout.feedRunning).toBe(false);
    expect(fanout.onFeed).toBe(0);
    expect(joiner.control()).toEqual(['hello', 'init', 'init']);
    expect(joiner.media().slice(-3)).toEqual([
      init!.bytes,
      fragments[0]!.bytes,
      fragments[1]!.bytes,
    ]);
  });

  it("numbers the feed's chunks: a repeat is acknowledged, a gap or no feed refused", () => {
    const fanout = live();
    expect(refusal(() => fanout.feedPush(0, feedChunks[0]!))).toEqual({
      code: 'CONFLICT',
      message: 'no low-latency feed is running',
    });
    fanout.feedBegin();
    pushFeed(fanout, 0, 2);
    expect(fanout.feedPush(1, feedChunks[1]!)).toEqual({ duplicate: true });
    expect(refusal(() => fanout.feedPush(5, feedChunks[5]!))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/got 5, expected 2/) as unknown,
    });
  });

  it('ends a feed it cannot read, and its viewers stay on mp4', () => {
    const fanout = live();
    const viewer = new FakeSink();
    fanout.add(viewer, { acceptsFeed: true });
    fanout.feedBegin();
    expect(refusal(() => fanout.feedPush(0, new Uint8Array([0, 0, 0, 0x18, 1, 2])))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/could not be read/) as unknown,
    });
    expect(fanout.feedRunning).toBe(false);
    feed(fanout, 2, 3);
    expect(viewer.control()).toEqual(['hello', 'init']);
    expect(viewer.media().at(-1)).toEqual(fragments[2]!.bytes);
  });
});
