import type { StreamControlFrame } from '../../shared/contract/stream-protocol';
import { readStreamControl } from './frame-guards';
import { liveEdgeAction } from './live-edge';

/**
 * Plays the HTTP stream path (`/stream/<code>`, see stream-protocol.ts) with Media Source
 * Extensions: the init segment, then fragments as they come. Keeps close to the live edge,
 * jumps over gaps left when the server skipped this viewer forward, restarts after a stall, and
 * reconnects with backoff.
 */
export type PlayerState =
  'connecting' | 'waiting' | 'playing' | 'stalled' | 'ended' | 'unsupported' | 'unavailable';

export interface PlayerStatus {
  state: PlayerState;
  /** The MSE type the server announced (shown when the codec is unsupported). */
  mimeType: string | null;
  /** Seconds between the newest buffered media and the playhead. */
  delay: number;
  /** True when the browser only allowed muted autoplay: the page offers a tap to unmute. */
  mutedByBrowser: boolean;
}

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 8_000;
/** No progress for this long while media should be flowing: start over. */
const STALL_MS = 6_000;
/** Media kept behind the playhead (memory on phones is short). */
const KEEP_BEHIND_S = 20;

type MediaSourceCtor = typeof MediaSource;

function mediaSourceClass(): MediaSourceCtor | null {
  const w = window as Window & { ManagedMediaSource?: MediaSourceCtor };
  return w.ManagedMediaSource ?? (typeof MediaSource === 'undefined' ? null : MediaSource);
}

/** The low-latency feed's type (http-feed-api.ts): a page that plays it asks for it. */
const FEED_TYPE = 'video/webm; codecs="vp8, opus"';

/** The stream's address, asking for the low-latency feed when this browser plays WebM. */
function streamUrl(base: string): string {
  const plays = mediaSourceClass()?.isTypeSupported(FEED_TYPE) === true;
  return plays ? `${base}${base.includes('?') ? '&' : '?'}feed=webm` : base;
}

export class StreamPlayer {
  readonly #url: string;
  readonly #video: HTMLVideoElement;
  readonly #onStatus: (status: PlayerStatus) => void;
  #status: PlayerStatus = { state: 'connecting', mimeType: null, delay: 0, mutedByBrowser: false };
  #ws: WebSocket | null = null;
  #closed = false;
  #backoff = RECONNECT_MIN_MS;
  #source: MediaSource | null = null;
  #buffer: SourceBuffer | null = null;
  #objectUrl: string | null = null;
  #queue: ArrayBuffer[] = [];
  #jump = false;
  /** Seconds between media messages (moving average): the stream's fragment cadence. */
  #cadence = 1;
  #lastMediaAt = 0;
  #lastTime = -1;
  #lastProgress = Date.now();
  #timer: ReturnType<typeof setInterval>;

  constructor(url: string, video: HTMLVideoElement, onStatus: (status: PlayerStatus) => void) {
    this.#url = url;
    this.#video = video;
    this.#onStatus = onStatus;
    this.#timer = setInterval(() => this.#watch(), 500);
    if (!mediaSourceClass()) {
      this.#set({ state: 'unsupported' });
      return;
    }
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#ws?.close();
    this.#resetMedia();
  }

  /** The class is over: stop, and say so. */
  end(): void {
    this.close();
    this.#set({ state: 'ended' });
  }

  /** After a tap: play with sound. */
  unmute(): void {
    this.#video.muted = false;
    void this.#video.play().catch(() => undefined);
    this.#set({ mutedByBrowser: false });
  }

  #set(patch: Partial<PlayerStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.#onStatus(this.#status);
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = new WebSocket(streamUrl(this.#url));
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.onopen = () => {
      this.#backoff = RECONNECT_MIN_MS;
    };
    ws.onmessage = (message: MessageEvent<ArrayBuffer | string>) => {
      if (typeof message.data === 'string') this.#control(message.data);
      else this.#media(message.data);
    };
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      if (this.#closed) return;
      if (this.#status.state !== 'unsupported') this.#set({ state: 'connecting' });
      setTimeout(() => this.#connect(), this.#backoff);
      this.#backoff = Math.min(this.#backoff * 2, RECONNECT_MAX_MS);
    };
  }

  #control(text: string): void {
    const frame: StreamControlFrame | null = readStreamControl(text);
    if (!frame) return;
    switch (frame.type) {
      case 'hello':
        this.#set({ state: 'waiting' });
        break;
      case 'init': {
        const MediaSourceClass = mediaSourceClass();
        if (!MediaSourceClass?.isTypeSupported(frame.mimeType)) {
          this.#set({ state: 'unsupported', mimeType: frame.mimeType });
          return;
        }
        this.#set({ mimeType: frame.mimeType, state: 'waiting' });
        this.#startMedia(MediaSourceClass, frame.mimeType);
        break;
      }
      case 'skip':
        this.#jump = true;
        break;
      case 'ended':
        this.#set({ state: 'ended' });
        break;
      case 'unavailable':
        this.#set({ state: 'unavailable' });
        break;
    }
  }

  #media(data: ArrayBuffer): void {
    if (this.#status.state === 'unsupported' || !this.#source) return;
    const now = performance.now();
    if (this.#lastMediaAt > 0) {
      const gap = (now - this.#lastMediaAt) / 1_000;
      // Pauses (a paused class, a reconnect) are not the stream's cadence.
      if (gap < 5) this.#cadence = this.#cadence * 0.8 + gap * 0.2;
    }
    this.#lastMediaAt = now;
    this.#queue.push(data);
    this.#pump();
  }

  #startMedia(MediaSourceClass: MediaSourceCtor, mimeType: string): void {
    this.#resetMedia();
    const source = new MediaSourceClass();
    this.#source = source;
    this.#video.disableRemotePlayback = true;
    this.#objectUrl = URL.createObjectURL(source);
    this.#video.src = this.#objectUrl;
    source.addEventListener(
      'sourceopen',
      () => {
        if (this.#source !== source) return;
        try {
          const buffer = source.addSourceBuffer(mimeType);
          buffer.mode = 'segments';
          buffer.addEventListener('updateend', () => this.#afterAppend());
          this.#buffer = buffer;
          this.#pump();
        } catch {
          this.#set({ state: 'unsupported' });
        }
      },
      { once: true },
    );
  }

  #resetMedia(): void {
    this.#queue = [];
    this.#buffer = null;
    this.#source = null;
    if (this.#objectUrl) {
      this.#video.removeAttribute('src');
      this.#video.load();
      URL.revokeObjectURL(this.#objectUrl);
      this.#objectUrl = null;
    }
  }

  #pump(): void {
    const buffer = this.#buffer;
    if (!buffer || buffer.updating || this.#source?.readyState !== 'open') return;
    const next = this.#queue.shift();
    if (!next) return;
    try {
      buffer.appendBuffer(next);
    } catch (error) {
      if ((error as DOMException).name === 'QuotaExceededError') {
        this.#queue.unshift(next);
        this.#trim(0);
      }
    }
  }

  #afterAppend(): void {
    const video = this.#video;
    const ranges = video.buffered;
    if (ranges.length > 0) {
      const start = ranges.start(ranges.length - 1);
      const end = ranges.end(ranges.length - 1);
      // A seek under way has not reached its target yet: the lag means nothing until it has.
      if (!video.seeking || this.#jump) {
        // Where to hold the playhead: src/renderer/viewer/live-edge.ts.
        const action = liveEdgeAction({
          lag: end - video.currentTime,
          cadence: this.#cadence,
          inBuffered: this.#inBuffered(video.currentTime),
          jump: this.#jump,
        });
        if (action.seekTo !== null) {
          // Start (or resume after a skip) near the live edge, not before the newest range.
          video.currentTime = Math.max(start, end - action.seekTo);
          this.#jump = false;
        }
        video.playbackRate = action.rate;
      }
      if (video.paused) this.#play();
      this.#set({ delay: Math.max(0, end - video.currentTime) });
    }
    this.#trim(KEEP_BEHIND_S);
    this.#pump();
  }

  #trim(keepBehind: number): void {
    const buffer = this.#buffer;
    const ranges = this.#video.buffered;
    if (!buffer || buffer.updating || ranges.length === 0) return;
    const cut = this.#video.currentTime - keepBehind;
    if (cut > ranges.start(0) + 1) {
      try {
        buffer.remove(0, cut);
      } catch {
        // Busy: the next append trims.
      }
    }
  }

  #inBuffered(time: number): boolean {
    const ranges = this.#video.buffered;
    for (let i = 0; i < ranges.length; i += 1) {
      if (time >= ranges.start(i) && time <= ranges.end(i)) return true;
    }
    return false;
  }

  #play(): void {
    const video = this.#video;
    video.play().then(
      () => undefined,
      () => {
        // Autoplay with sound refused: play muted and offer a tap.
        video.muted = true;
        this.#set({ mutedByBrowser: true });
        void video.play().catch(() => undefined);
      },
    );
  }

  #watch(): void {
    const video = this.#video;
    if (video.currentTime !== this.#lastTime) {
      this.#lastTime = video.currentTime;
      this.#lastProgress = Date.now();
      const resumable = ['waiting', 'stalled', 'connecting'].includes(this.#status.state);
      if (!video.paused && resumable && video.readyState >= 2) this.#set({ state: 'playing' });
      return;
    }
    const flowing = this.#status.state === 'playing' || this.#status.state === 'stalled';
    if (!flowing || Date.now() - this.#lastProgress < STALL_MS / 3) return;
    if (this.#status.state === 'playing') this.#set({ state: 'stalled' });
    if (Date.now() - this.#lastProgress > STALL_MS) {
      // Nothing moves: reconnect, which brings a fresh init segment and keyframe.
      this.#lastProgress = Date.now();
      this.#ws?.close();
    }
  }
}
