/**
 * The recorder's chunks on their way to the core, in order. One send at a time (each waits for
 * the core's acknowledgement, which keeps the recording's sequence simple and crash-safe), but
 * every chunk that came while a send was under way goes in the next send together: otherwise
 * the core's round trip caps the chunks per second, and when it is longer than the recorder's
 * chunk interval (a loaded machine, a slow disk) the queue, and the HTTP stream's delay, grows
 * without bound. bench/latency.ts measured the studio's newest media 4.6 s old at the core with
 * ten 100 ms fragments a second at load 7.
 */
export class ChunkQueue {
  readonly #send: (bytes: Uint8Array<ArrayBuffer>) => Promise<void>;
  readonly #maxBytes: number;
  readonly #onError: (message: string) => void;
  #waiting: Blob[] = [];
  #drain: Promise<void> = Promise.resolve();
  #draining = false;

  /**
   * `send` gets pieces of at most `maxBytes`; a chunk that cannot be read or sent goes to
   * `onError` (the queue carries on with the next ones).
   */
  constructor(
    send: (bytes: Uint8Array<ArrayBuffer>) => Promise<void>,
    maxBytes: number,
    onError: (message: string) => void,
  ) {
    if (!(maxBytes > 0)) throw new Error(`maxBytes must be positive, got ${String(maxBytes)}`);
    this.#send = send;
    this.#maxBytes = maxBytes;
    this.#onError = onError;
  }

  /** Chunks not yet handed to `send`. */
  get waiting(): number {
    return this.#waiting.length;
  }

  add(chunk: Blob): void {
    if (chunk.size === 0) return;
    this.#waiting.push(chunk);
    if (this.#draining) return;
    this.#draining = true;
    this.#drain = this.#run();
  }

  /** Resolves once every chunk added so far has been sent. */
  async drained(): Promise<void> {
    while (this.#draining) await this.#drain;
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiting.length > 0) {
        const blobs = this.#waiting;
        this.#waiting = [];
        // Read in order, as one run of bytes.
        const bytes = new Uint8Array(await new Blob(blobs).arrayBuffer());
        for (let at = 0; at < bytes.byteLength; at += this.#maxBytes) {
          await this.#send(bytes.subarray(at, at + this.#maxBytes));
        }
      }
    } catch (error) {
      this.#onError(error instanceof Error ? error.message : String(error));
    } finally {
      this.#draining = false;
    }
  }
}
