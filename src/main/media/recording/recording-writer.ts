import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StudioError } from '../../../shared/contract';
import { isRepeatedChunk } from '../chunk-order';

/**
 * Flush to the disk at least this often while bytes are waiting. A write returns once the bytes
 * are in the OS (a killed process loses none of them); the fsync bounds what a power cut or an OS
 * crash can take to about this long plus one chunk, inside the ~2 s the issue allows.
 */
export const RECORDING_SYNC_INTERVAL_MS = 1_000;

export interface AppendResult {
  /** Bytes in the file after this chunk. */
  bytes: number;
  duplicate: boolean;
}

/**
 * One recording file, appended in order. It owns the file handle; calls are serialised so that
 * a chunk is acknowledged only after it and every chunk before it are written.
 */
export class RecordingWriter {
  readonly file: string;
  readonly #handle: FileHandle;
  #bytes = 0;
  #nextSeq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #syncTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #syncs = 0;

  private constructor(file: string, handle: FileHandle) {
    this.file = file;
    this.#handle = handle;
  }

  /** Creates the file (refusing to overwrite one) and its folder. */
  static async create(file: string): Promise<RecordingWriter> {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(file, 'wx');
    return new RecordingWriter(file, handle);
  }

  get bytes(): number {
    return this.#bytes;
  }

  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** How many fsyncs have run (for tests and health). */
  get syncs(): number {
    return this.#syncs;
  }

  append(seq: number, bytes: Uint8Array): Promise<AppendResult> {
    return this.#serial(async () => {
      if (this.#closed) throw new StudioError('CONFLICT', 'the recording is closed');
      // A retry of the chunk last acknowledged (its answer was lost): acknowledge it again.
      if (isRepeatedChunk('recording', seq, this.#nextSeq)) {
        return { bytes: this.#bytes, duplicate: true };
      }
      let written = 0;
      while (written < bytes.byteLength) {
        const { bytesWritten } = await this.#handle.write(
          bytes,
          written,
          bytes.byteLength - written,
          this.#bytes + written,
        );
        written += bytesWritten;
      }
      this.#bytes += bytes.byteLength;
      this.#nextSeq += 1;
      this.#scheduleSync();
      return { bytes: this.#bytes, duplicate: false };
    });
  }

  /** Cuts the file back to `length` bytes (a clean fragment boundary) and stops appending. */
  truncateAndClose(length: number): Promise<void> {
    return this.#serial(async () => {
      if (this.#closed) return;
      if (length < this.#bytes) {
        await this.#handle.truncate(length);
        this.#bytes = length;
      }
      await this.#closeNow();
    });
  }

  /** Flushes and closes; later appends are refused. */
  close(): Promise<void> {
    return this.#serial(() => this.#closeNow());
  }

  async #closeNow(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#syncTimer) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    await this.#handle.datasync();
    this.#syncs += 1;
    await this.#handle.close();
  }

  #scheduleSync(): void {
    if (this.#syncTimer) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = null;
      void this.#serial(async () => {
        if (this.#closed) return;
        await this.#handle.datasync();
        this.#syncs += 1;
      }).catch(() => undefined);
    }, RECORDING_SYNC_INTERVAL_MS);
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
