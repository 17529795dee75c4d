import type { StreamControlFrame } from '../../../shared/contract/stream-protocol';
import { Mp4Segmenter, mseMimeType } from './mp4-boxes';

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
}

export const DEFAULT_FANOUT_TUNING: FanoutTuning = {
  maxBufferedBytes: 3 * 1024 * 1024,
  maxCachedFragments: 20,
};

interface ViewerState {
  /** False until the viewer has the init segment and a keyframe to start from. */
  synced: boolean;
  skipped: boolean;
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
          this.#sendInit(sink);
          state.synced = false;
          state.skipped = false;
        }
        continue;
      }
      this.#fragments += 1;
      if (segment.key) this.#gop = [segment.bytes];
      else if (this.#gop.length > 0) this.#gop.push(segment.bytes);
      if (this.#gop.length > this.#tuning.maxCachedFragments) this.#gop = [];
      for (const [sink, state] of this.#viewers)
        this.#deliver(sink, state, segment.bytes, segment.key);
    }
  }

  /** The broadcast stopped; viewers stay connected for the next one. */
  end(): void {
    this.#live = false;
    this.#segmenter = null;
    this.#init = null;
    this.#gop = [];
    this.#broadcast({ type: 'ended' });
  }

  add(sink: StreamSink): void {
    const state: ViewerState = { synced: false, skipped: false };
    this.#viewers.set(sink, state);
    send(sink, { type: 'hello', live: this.#live });
    if (this.#unavailable !== null) {
      send(sink, { type: 'unavailable', reason: this.#unavailable });
      return;
    }
    if (!this.#init) return;
    this.#sendInit(sink);
    if (this.#gop.length > 0) {
      for (const fragment of this.#gop) sink.send(fragment);
      state.synced = true;
    }
  }

  remove(sink: StreamSink): void {
    this.#viewers.delete(sink);
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

function send(sink: StreamSink, frame: StreamControlFrame): void {
  sink.send(JSON.stringify(frame));
}
