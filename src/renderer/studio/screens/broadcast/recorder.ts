import { RECORDING_CHUNK_MAX_BYTES } from '../../../../shared/contract/broadcast-api';

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
 * only at a keyframe (or forced, at most once a second), and an MSE player must stay about one
 * fragment behind the newest media, so this is the HTTP stream's delay floor: bench/latency.ts
 * measured p50 1.6 s with 1 s fragments, ~1 s with 0.5 s ones. A late joiner waits at most this
 * long and a crash loses at most this much; the cost is a few more keyframes in the same bitrate.
 */
export const KEYFRAME_INTERVAL_MS = 200;
/**
 * How often MediaRecorder is asked for data. With MP4 a fragment comes out only when it closes,
 * whatever this is; asking often hands it over as soon as it closes instead of up to one slice
 * later (with 500 ms slices that wait was ~0.4 s of the HTTP stream's delay). Empty asks are
 * skipped. With WebM this is the cluster cadence.
 */
const TIMESLICE_MS = 100;
const RETRY_MS = 500;
const RETRIES = 20;

export function pickRecorderType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return RECORDER_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

/** Chromium's option for the keyframe interval; not yet in TypeScript's DOM types. */
interface ChromiumRecorderOptions extends MediaRecorderOptions {
  videoKeyFrameIntervalDuration?: number;
}

export interface RecorderStats {
  bytesSent: number;
  chunks: number;
  /** Chunks waiting to be acknowledged by the core. */
  pending: number;
}

/** Sends one numbered chunk to the core (`recording.append`, `canvas.append`). */
export type SendChunk = (seq: number, bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>;

export class ChunkRecorder {
  readonly #sendChunk: SendChunk;
  readonly #recorder: MediaRecorder;
  readonly #onError: (message: string) => void;
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #stats: RecorderStats = { bytesSent: 0, chunks: 0, pending: 0 };
  #failed = false;

  constructor(options: {
    send: SendChunk;
    stream: MediaStream;
    mimeType: string;
    videoBitsPerSecond: number;
    onError: (message: string) => void;
  }) {
    this.#sendChunk = options.send;
    this.#onError = options.onError;
    const recorderOptions: ChromiumRecorderOptions = {
      mimeType: options.mimeType,
      videoBitsPerSecond: options.videoBitsPerSecond,
      audioBitsPerSecond: 128_000,
      videoKeyFrameIntervalDuration: KEYFRAME_INTERVAL_MS,
    };
    this.#recorder = new MediaRecorder(options.stream, recorderOptions);
    this.#recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      // Blobs are read in order: each read is chained behind the previous send.
      const blob = event.data;
      this.#stats.pending += 1;
      this.#queue = this.#queue.then(async () => {
        const buffer = new Uint8Array(await blob.arrayBuffer());
        for (let at = 0; at < buffer.byteLength; at += RECORDING_CHUNK_MAX_BYTES) {
          await this.#send(buffer.subarray(at, at + RECORDING_CHUNK_MAX_BYTES));
        }
        this.#stats.pending -= 1;
      });
    };
    this.#recorder.onerror = () => this.#onError('the browser recorder stopped with an error');
  }

  get mimeType(): string {
    return this.#recorder.mimeType;
  }

  get stats(): RecorderStats {
    return { ...this.#stats };
  }

  start(): void {
    this.#recorder.start(TIMESLICE_MS);
  }

  /** Stops the recorder and resolves once every chunk (the last one too) is acknowledged. */
  async stop(): Promise<void> {
    if (this.#recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        this.#recorder.addEventListener('stop', () => resolve(), { once: true });
        this.#recorder.stop();
      });
    }
    await this.#queue;
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
