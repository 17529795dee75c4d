import type { StudioClient } from '../../../../shared/contract';
import { HTTP_FEED_MIME_TYPES } from '../../../../shared/contract/http-feed-api';
import type { SessionId } from '../../../../shared/model/ids';
import { message } from './broadcast-prefs';
import {
  FRESH_FEED_MEMORY,
  nextFeedStep,
  RETRY_AFTER_MS,
  type FeedMemory,
} from './http-feed-policy';
import { ChunkRecorder, pickSupportedType } from './recorder';

/**
 * The HTTP stream's low-latency feed (http-feed-api.ts) on the studio's side: a second
 * MediaRecorder on the program, WebM/VP8 handed over every few frames, run while the core counts
 * HTTP viewers who can play it (`broadcast.health`'s `httpFeedViewers`). When it runs and when it
 * gives way is http-feed-policy.ts. The class never depends on it: its errors only stop it.
 */
export type HttpFeedState = 'off' | 'starting' | 'on' | 'paused' | 'failed';

export interface HttpFeedStatus {
  state: HttpFeedState;
  detail: string | null;
}

/** Handed over this often: the HTTP viewer's buffer need only cover this much. */
const FEED_TIMESLICE_MS = 40;
/**
 * Keyframes for joiners and for viewers skipped forward. Longer than the recording's (200 ms):
 * nothing waits on them, and VP8 spends fewer bits this way.
 */
const FEED_KEYFRAME_INTERVAL_MS = 1_000;

interface Live {
  sessionId: SessionId;
  stream: MediaStream;
  videoBitsPerSecond: number;
}

export class HttpFeed {
  readonly #client: StudioClient;
  readonly #onStatus: (status: HttpFeedStatus) => void;
  #live: Live | null = null;
  #recorder: ChunkRecorder | null = null;
  #busy = false;
  #feedViewers = 0;
  #memory: FeedMemory = FRESH_FEED_MEMORY;

  constructor(client: StudioClient, onStatus: (status: HttpFeedStatus) => void) {
    this.#client = client;
    this.#onStatus = onStatus;
  }

  /** The class went live with this program stream: the feed may run from now on. */
  attach(sessionId: SessionId, stream: MediaStream, videoBitsPerSecond: number): void {
    this.#live = { sessionId, stream, videoBitsPerSecond };
    this.#memory = FRESH_FEED_MEMORY;
    this.#feedViewers = 0;
  }

  /** The class stops: the feed with it. */
  async detach(): Promise<void> {
    const sessionId = this.#live?.sessionId ?? null;
    this.#live = null;
    await this.#stop({ state: 'off', detail: null }, sessionId);
  }

  /** From each `broadcast.health`: how many HTTP viewers would take the feed. */
  viewers(feedViewers: number): void {
    this.#feedViewers = feedViewers;
  }

  /** Once a second, with the frames the program missed over it. */
  tick(droppedPerSecond: number, now = Date.now()): void {
    if (!this.#live || this.#busy) return;
    const step = nextFeedStep(
      { now, running: this.#recorder !== null, feedViewers: this.#feedViewers, droppedPerSecond },
      this.#memory,
    );
    this.#memory = step.memory;
    if (step.action === 'start') void this.#start();
    else if (step.action === 'stop')
      void this.#stop({ state: step.reason === 'busy' ? 'paused' : 'off', detail: null });
  }

  async #start(): Promise<void> {
    const live = this.#live;
    const mimeType = pickSupportedType(HTTP_FEED_MIME_TYPES);
    if (!live || !mimeType) return;
    this.#busy = true;
    this.#onStatus({ state: 'starting', detail: null });
    try {
      await this.#client.invoke('httpFeed.start', { sessionId: live.sessionId, mimeType });
      if (this.#live !== live) return;
      const recorder = new ChunkRecorder({
        send: (seq, bytes) =>
          this.#client.invoke('httpFeed.append', { sessionId: live.sessionId, seq, bytes }),
        stream: live.stream,
        mimeType,
        videoBitsPerSecond: live.videoBitsPerSecond,
        keyframeIntervalMs: FEED_KEYFRAME_INTERVAL_MS,
        timesliceMs: FEED_TIMESLICE_MS,
        onError: (text) => this.#failed(recorder, text),
      });
      recorder.start();
      this.#recorder = recorder;
      this.#onStatus({ state: 'on', detail: null });
    } catch (error) {
      this.#memory = { ...this.#memory, notBefore: Date.now() + RETRY_AFTER_MS };
      this.#onStatus({ state: 'failed', detail: message(error) });
    } finally {
      this.#busy = false;
    }
  }

  #failed(recorder: ChunkRecorder, text: string): void {
    if (this.#recorder !== recorder) return;
    this.#memory = { ...this.#memory, notBefore: Date.now() + RETRY_AFTER_MS };
    void this.#stop({ state: 'failed', detail: text });
  }

  async #stop(status: HttpFeedStatus, sessionId = this.#live?.sessionId ?? null): Promise<void> {
    const recorder = this.#recorder;
    this.#recorder = null;
    if (recorder) {
      this.#busy = true;
      try {
        await recorder.stop();
        if (sessionId !== null)
          await this.#client.invoke('httpFeed.stop', { sessionId }).catch(() => undefined);
      } catch {
        // The feed's end is best effort: the core also ends it with the broadcast.
      } finally {
        this.#busy = false;
      }
    }
    this.#onStatus(status);
  }
}
