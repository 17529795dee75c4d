import { RECORDING_CHUNK_MAX_BYTES } from '../../../../shared/contract/broadcast-api';
import { ChunkQueue } from './chunk-queue';

/**
 * MediaRecorder on the program stream, its chunks sent to the core in order with a sequence
 * number (`recording.append`, bytes as Uint8Array). Fragmented MP4 first (DESIGN.md §11: H.264
 * Constrained Baseline + Opus, one fragment per keyframe interval, playable by MSE and after a
 * crash); WebM where MP4 recording is not available.
 */
export const RECORDER_TYPES = [
  'video/mp4;codecs=avc1,opus',
  'video/mp4',
  'video/webm;codecs=vp8,opus',
  'video/webm',
] as const;
/**
 * One keyframe (and, for MP4, one fragment) every 200 ms. Chromium's MP4 muxer closes a fragment
 * only at a keyframe (or forced, at most once a second), so a fragment's first frame waits this
 * long before it can leave the studio, and an MSE player must stay about one fragment behind the
 * newest media: this is twice in the HTTP stream's delay. bench/latency.ts measured p50 1.6 s
 * with 1 s fragments, ~1 s with 0.5 s ones; its breakdown shows the fragments really are this
 * long (~205 ms of video). 100 ms took another ~100 ms off the HTTP stream's p50 (load 6-8) but
 * made the same video ~40% larger (the recording is these fragments too): at the bitrate cap,
 * that is a worse picture in every recording for a fallback path, so it stays at 200 ms. A late
 * joiner waits at most this long and a crash loses at most this much.
 */
export const KEYFRAME_INTERVAL_MS = 200;
/**
 * How often MediaRecorder is asked for data. With MP4 a fragment comes out only when it closes,
 * whatever this is; asking often hands it over as soon as it closes instead of up to one slice
 * later (with 500 ms slices that wait was ~0.4 s of the HTTP stream's delay; at 40 ms it is
 * ~20 ms on average). Empty asks are skipped. With WebM this is the cluster cadence.
 */
const TIMESLICE_MS = 40;
const RETRY_MS = 500;
const RETRIES = 20;

/** The first of `types` this browser's MediaRecorder records, in order of preference. */
export function pickSupportedType<T extends string>(types: readonly T[]): T | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return types.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

export function pickRecorderType(): string | null {
  return pickSupportedType(RECORDER_TYPES);
}

/** Chromium's option for the keyframe interval; not yet in TypeScript's DOM types. */
interface ChromiumRecorderOptions extends MediaRecorderOptions {
  videoKeyFrameIntervalDuration?: number;
}

export interface RecorderStats {
  bytesSent: number;
  chunks: number;
  /** Chunks not yet sent to the core (those that came during a send go out together). */
  pending: number;
}

/** Sends one numbered chunk to the core (`recording.append`, `canvas.append`). */
export type SendChunk = (seq: number, bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>;

export class ChunkRecorder {
  readonly #sendChunk: SendChunk;
  readonly #recorder: MediaRecorder;
  readonly #onError: (message: string) => void;
  #seq = 0;
  readonly #queue: ChunkQueue;
  #stats: RecorderStats = { bytesSent: 0, chunks: 0, pending: 0 };
  #failed = false;
  readonly #timesliceMs: number;

  constructor(options: {
    send: SendChunk;
    stream: MediaStream;
    mimeType: string;
    videoBitsPerSecond: number;
    onError: (message: string) => void;
    /** Defaults to KEYFRAME_INTERVAL_MS (the recording's). */
    keyframeIntervalMs?: number;
    /** Defaults to TIMESLICE_MS. */
    timesliceMs?: number;
  }) {
    this.#sendChunk = options.send;
    this.#onError = options.onError;
    this.#queue = new ChunkQueue(
      (bytes) => this.#send(bytes),
      RECORDING_CHUNK_MAX_BYTES,
      options.onError,
    );
    const recorderOptions: ChromiumRecorderOptions = {
      mimeType: options.mimeType,
      videoBitsPerSecond: options.videoBitsPerSecond,
      audioBitsPerSecond: 128_000,
      videoKeyFrameIntervalDuration: options.keyframeIntervalMs ?? KEYFRAME_INTERVAL_MS,
    };
    this.#timesliceMs = options.timesliceMs ?? TIMESLICE_MS;
    this.#recorder = new MediaRecorder(options.stream, recorderOptions);
    // Chunks that come while a send is under way go together in the next one (chunk-queue.ts).
    this.#recorder.ondataavailable = (event) => this.#queue.add(event.data);
    this.#recorder.onerror = () => this.#onError('the browser recorder stopped with an error');
  }

  get mimeType(): string {
    return this.#recorder.mimeType;
  }

  get stats(): RecorderStats {
    return { ...this.#stats, pending: this.#queue.waiting };
  }

  start(): void {
    this.#recorder.start(this.#timesliceMs);
  }

  /** Stops the recorder and resolves once every chunk (the last one too) is acknowledged. */
  async stop(): Promise<void> {
    if (this.#recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        this.#recorder.addEventListener('stop', () => resolve(), { once: true });
        this.#recorder.stop();
      });
    }
    await this.#queue.drained();
  }

  async #send(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    if (this.#failed) return;
    const seq = this.#seq;
    for (let attempt = 0; ; attempt += 1) {
      try {
        // A retry after a lost answer repeats the seq: the core acknowledges it as a duplicate.
        await this.#sendChunk(seq, bytes);
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = (error as { code?: string }).code;
        if (code !== 'UNAVAILABLE' || attempt >= RETRIES) {
          this.#failed = true;
          this.#onError(message);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    this.#seq += 1;
    this.#stats.bytesSent += bytes.byteLength;
    this.#stats.chunks += 1;
  }
}
