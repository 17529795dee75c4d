import { StudioError } from '../../../shared/contract/errors';
import type { StreamControlFrame } from '../../../shared/contract/stream-protocol';
import { isRepeatedChunk } from '../chunk-order';
import { Mp4Segmenter, mseMimeType } from './mp4-boxes';
import { WebmSegmenter } from './webm-segmenter';

/** One viewer's connection, as the fan-out sees it (a `ws` socket in the relay). */
export interface StreamSink {
  /** Bytes queued and not yet handed to the network. */
  readonly buffered: number;
  send(data: Uint8Array | string): void;
}

export interface FanoutTuning {
  /**
   * A viewer with more than this queued is behind: it is skipped forward to the next keyframe
   * fragment instead of queueing without bound.
   */
  maxBufferedBytes: number;
  /** Fragments kept for late joiners (from the newest keyframe on), at most. */
  maxCachedFragments: number;
  /** Pieces of the low-latency feed kept for joiners (from its newest keyframe on), at most. */
  maxCachedFeedPieces: number;
}

export const DEFAULT_FANOUT_TUNING: FanoutTuning = {
  maxBufferedBytes: 3 * 1024 * 1024,
  maxCachedFragments: 20,
  maxCachedFeedPieces: 400,
};

interface ViewerState {
  /** False until the viewer has the init segment and a keyframe to start from. */
  synced: boolean;
  skipped: boolean;
  /** The viewer's browser plays the low-latency feed (WebM), when there is one. */
  acceptsFeed: boolean;
  /** Which stream this viewer is on now. */
  on: 'recording' | 'feed';
}

/**
 * The low-latency feed: a second MediaRecorder stream of the same program, WebM in chunks of a
 * few frames (the recording's fMP4 comes a fragment, ~200 ms, at a time). Viewers whose browser
 * plays WebM take it while it runs; the studio runs it while such viewers are there.
 */
interface Feed {
  segmenter: WebmSegmenter;
  init: { bytes: Uint8Array; mimeType: string } | null;
  /** From the newest keyframe Cluster on. */
  gop: Uint8Array[];
  nextSeq: number;
}

/**
 * The HTTP stream of one session: the recorder's chunks, cut into fragments, sent to every
 * viewer. A late joiner gets the init segment and the fragments from the newest keyframe on.
 */
export class StreamFanout {
  readonly #tuning: FanoutTuning;
  readonly #viewers = new Map<StreamSink, ViewerState>();
  #segmenter: Mp4Segmenter | null = null;
  #init: { bytes: Uint8Array; mimeType: string } | null = null;
  #gop: Uint8Array[] = [];
  #live = false;
  #unavailable: string | null = null;
  #skips = 0;
  #fragments = 0;
  #feed: Feed | null = null;

  constructor(tuning: Partial<FanoutTuning> = {}) {
    this.#tuning = { ...DEFAULT_FANOUT_TUNING, ...tuning };
  }

  get viewers(): number {
    return this.#viewers.size;
  }

  /** Times a slow viewer was moved forward to a keyframe. */
  get skips(): number {
    return this.#skips;
  }

  get fragments(): number {
    return this.#fragments;
  }

  /** Viewers who would take the low-latency feed (the studio runs it while there are any). */
  get feedViewers(): number {
    let count = 0;
    for (const state of this.#viewers.values()) if (state.acceptsFeed) count += 1;
    return count;
  }

  /** Viewers on the low-latency feed now. */
  get onFeed(): number {
    let count = 0;
    for (const state of this.#viewers.values()) if (state.on === 'feed') count += 1;
    return count;
  }

  get feedRunning(): boolean {
    return this.#feed !== null;
  }

  /** A broadcast starts: a new init segment will come with the first chunks. */
  begin(recorderMimeType: string): void {
    this.#live = true;
    this.#init = null;
    this.#gop = [];
    this.#unavailable = null;
    this.#segmenter = null;
    if (recorderMimeType.startsWith('video/mp4')) {
      this.#segmenter = new Mp4Segmenter();
    } else {
      this.#unavailable = `${recorderMimeType.split(';')[0] ?? 'this format'} is not streamed yet`;
      this.#broadcast({ type: 'unavailable', reason: this.#unavailable });
    }
    for (const state of this.#viewers.values()) state.synced = false;
  }

  push(chunk: Uint8Array): void {
    if (!this.#segmenter) return;
    for (const segment of this.#segmenter.push(chunk)) {
      if (segment.kind === 'init') {
        this.#init = { bytes: segment.bytes, mimeType: mseMimeType(segment.codecs) };
        this.#gop = [];
        for (const [sink, state] of this.#viewers) {
          if (state.on !== 'recording') continue;
          this.#sendInit(sink);
          state.synced = false;
          state.skipped = false;
        }
        continue;
      }
      this.#fragments += 1;
      this.#gop = keptFromKeyframe(
        this.#gop,
        segment.bytes,
        segment.key,
        this.#tuning.maxCachedFragments,
      );
      for (const [sink, state] of this.#viewers) {
        if (state.on === 'recording') this.#deliver(sink, state, segment.bytes, segment.key);
      }
    }
  }

  /** The broadcast stopped; viewers stay connected for the next one. */
  end(): void {
    this.#live = false;
    this.#segmenter = null;
    this.#init = null;
    this.#gop = [];
    this.#feed = null;
    for (const state of this.#viewers.values()) state.on = 'recording';
    this.#broadcast({ type: 'ended' });
  }

  /** The low-latency feed starts (a running one is replaced); its chunks are numbered from 0. */
  feedBegin(): void {
    this.#feed = { segmenter: new WebmSegmenter(), init: null, gop: [], nextSeq: 0 };
  }

  /**
   * One numbered chunk of the feed (chunk-order.ts). Refused with CONFLICT when no feed is
   * running, out of order, or when the feed cannot be read (then it ends).
   */
  feedPush(seq: number, chunk: Uint8Array): { duplicate: boolean } {
    const feed = this.#feed;
    if (!feed) throw new StudioError('CONFLICT', 'no low-latency feed is running');
    if (isRepeatedChunk('feed', seq, feed.nextSeq)) return { duplicate: true };
    feed.nextSeq += 1;
    for (const segment of feed.segmenter.push(chunk)) {
      if (segment.kind === 'init') {
        feed.init = { bytes: segment.bytes, mimeType: segment.mimeType };
        continue;
      }
      const key = segment.clusterStart && segment.key;
      feed.gop = keptFromKeyframe(feed.gop, segment.bytes, key, this.#tuning.maxCachedFeedPieces);
      for (const [sink, state] of this.#viewers) {
        if (!state.acceptsFeed) continue;
        if (state.on === 'feed') this.#deliver(sink, state, segment.bytes, key);
        else if (key) this.#toFeed(sink, state);
      }
    }
    if (feed.segmenter.broken !== null) {
      const reason = feed.segmenter.broken;
      this.feedEnd();
      throw new StudioError('CONFLICT', `the low-latency feed could not be read: ${reason}`);
    }
    return { duplicate: false };
  }

  /** The feed stops: its viewers go back to the recording's stream. */
  feedEnd(): void {
    if (!this.#feed) return;
    this.#feed = null;
    for (const [sink, state] of this.#viewers) {
      if (state.on !== 'feed') continue;
      state.on = 'recording';
      state.synced = false;
      state.skipped = false;
      this.#joinRecording(sink, state);
    }
  }

  /**
   * A viewer connects. `acceptsFeed`: its browser plays the low-latency feed's WebM; it gets the
   * feed when one is running and the recording's stream otherwise, moving to the feed at its
   * next keyframe once it starts.
   */
  add(sink: StreamSink, options: { acceptsFeed?: boolean } = {}): void {
    const state: ViewerState = {
      synced: false,
      skipped: false,
      acceptsFeed: options.acceptsFeed === true,
      on: 'recording',
    };
    this.#viewers.set(sink, state);
    send(sink, { type: 'hello', live: this.#live });
    if (state.acceptsFeed && this.#live && this.#toFeed(sink, state)) {
      for (const piece of this.#feed?.gop.slice(1) ?? []) sink.send(piece);
      return;
    }
    if (this.#unavailable !== null) {
      send(sink, { type: 'unavailable', reason: this.#unavailable });
      return;
    }
    this.#joinRecording(sink, state);
  }

  remove(sink: StreamSink): void {
    this.#viewers.delete(sink);
  }

  /** The init segment and the fragments from the newest keyframe on, when there are any. */
  #joinRecording(sink: StreamSink, state: ViewerState): void {
    if (!this.#init) return;
    this.#sendInit(sink);
    if (this.#gop.length > 0) {
      for (const fragment of this.#gop) sink.send(fragment);
      state.synced = true;
    }
  }

  /**
   * Moves a viewer onto the feed: its init segment, then the keyframe piece (the gop's first).
   * False when the feed has no init segment or keyframe yet.
   */
  #toFeed(sink: StreamSink, state: ViewerState): boolean {
    const init = this.#feed?.init;
    const first = this.#feed?.gop[0];
    if (!init || !first) return false;
    state.on = 'feed';
    state.synced = true;
    state.skipped = false;
    send(sink, { type: 'init', mimeType: init.mimeType });
    sink.send(init.bytes);
    sink.send(first);
    return true;
  }

  #sendInit(sink: StreamSink): void {
    if (!this.#init) return;
    send(sink, { type: 'init', mimeType: this.#init.mimeType });
    sink.send(this.#init.bytes);
  }

  #deliver(sink: StreamSink, state: ViewerState, fragment: Uint8Array, key: boolean): void {
    const behind = sink.buffered > this.#tuning.maxBufferedBytes;
    if (state.synced && behind) {
      // Queueing more would only grow this viewer's delay (and our memory): drop until it has
      // drained and a keyframe comes.
      state.synced = false;
      state.skipped = true;
      this.#skips += 1;
      return;
    }
    if (!state.synced) {
      if (!key || behind) return;
      if (state.skipped) send(sink, { type: 'skip' });
      state.synced = true;
      state.skipped = false;
    }
    sink.send(fragment);
  }

  #broadcast(frame: StreamControlFrame): void {
    for (const sink of this.#viewers.keys()) send(sink, frame);
  }
}

/**
 * What a joiner is given: the pieces from the newest keyframe on, restarted at each keyframe and
 * dropped when longer than `max` (a joiner then waits for the next keyframe).
 */
function keptFromKeyframe(
  kept: Uint8Array[],
  piece: Uint8Array,
  key: boolean,
  max: number,
): Uint8Array[] {
  if (key) kept = [piece];
  else if (kept.length > 0) kept.push(piece);
  return kept.length > max ? [] : kept;
}

function send(sink: StreamSink, frame: StreamControlFrame): void {
  sink.send(JSON.stringify(frame));
}
