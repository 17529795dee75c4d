import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import { StudioError } from '../../../shared/contract/errors';
import {
  OUTPUT_PRESETS,
  type OutputCanvas,
  type OutputId,
  type OutputInfo,
  type OutputSaveInput,
  type OutputStatus,
} from '../../../shared/contract/outputs-api';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/event-bus';
import type { Logger } from '../../kernel/logger';
import type { Db } from '../../storage/connection';
import { isRepeatedChunk } from '../chunk-order';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { ProgramInfo } from './ffmpeg-args';
import { concatBytes, EMPTY_BYTES } from './framer-pieces';
import {
  deleteOutputRow,
  getOutputRow,
  insertOutputRow,
  listOutputRows,
  updateOutputRow,
  type OutputFields,
  type OutputRow,
} from '../../storage/queries/outputs';
import { OutputRunner, type ProgramSnapshot, type RunnerTarget } from './output-runner';
import type { ProgramStreamSink } from './program-stream-sink';
import { maskStreamKey } from './redact';
import {
  createFileSecretStore,
  SECRET_FILE_NAME,
  type SecretCipher,
  type SecretStore,
} from './secret-store';
import { createFramer, type StreamFramer } from './stream-framer';

// Platform outputs (DESIGN.md §5): the program stream the recorder receives, pushed over RTMP(S)
// to any number of destinations, one ffmpeg each. Files here:
//   output-manager.ts   the owner: destinations (DB + secret store), runners, the program sink
//   output-runner.ts    one destination's ffmpeg: states, backoff, progress, back-pressure
//   stream-framer.ts    fMP4/WebM boundary scanners, so late starts begin at a fragment
//   ffmpeg-args.ts      the ffmpeg command (copy H.264, else x264; AAC audio; FLV)
//   secret-store.ts     where stream keys live (a 0600 file; OS-encrypted under Electron)
//   output-handlers.ts  the `output.*` studio API methods

export interface OutputTuning {
  backoff: BackoffOptions;
  /** Consecutive failed attempts before an output gives up (`failed`). */
  maxAttempts: number;
  /** Per destination: unwritten bytes ffmpeg's stdin may hold before fragments are skipped. */
  maxQueuedBytes: number;
  /** `output.changed` at most once per this interval per destination. */
  emitIntervalMs: number;
}

export const DEFAULT_OUTPUT_TUNING: OutputTuning = {
  backoff: DEFAULT_BACKOFF,
  maxAttempts: 30,
  // About 10 s of a 3 Mbit/s program: a hiccup is absorbed, a dead link does not eat memory.
  maxQueuedBytes: 4 * 1024 * 1024,
  emitIntervalMs: 500,
};

export interface OutputManagerDeps {
  /** The open workspace's database and folder; read on every call (workspaces switch). */
  db: () => Db;
  workspaceDir: () => string;
  clock: Clock;
  logger: Logger;
  emit: EventBus['emit'];
  /** The ffmpeg to run: `ENCORE_FFMPEG`, else `ffmpeg` on the PATH. */
  ffmpegPath?: string;
  /** Electron's safeStorage, when the shell provides it: keys are then OS-encrypted at rest. */
  secretCipher?: SecretCipher;
  tuning?: Partial<OutputTuning>;
}

export type OutputSaveArgs = z.output<typeof OutputSaveInput>;

interface Program {
  info: ProgramInfo;
  framer: StreamFramer;
  init: Uint8Array;
  /** The next chunk's number, for streams that number their chunks (`canvas.append`). */
  nextSeq: number;
}

const OTHER: Record<OutputCanvas, OutputCanvas> = { landscape: 'portrait', portrait: 'landscape' };

interface EmitSlot {
  lastAt: number;
  timer: NodeJS.Timeout | null;
}

/** The one owner of platform outputs; the recorder feeds it through `sink`. */
export class OutputManager {
  readonly #deps: OutputManagerDeps;
  readonly #tuning: OutputTuning;
  readonly #ffmpegPath: string;
  readonly #runners = new Map<number, OutputRunner>();
  readonly #emitSlots = new Map<number, EmitSlot>();
  #db: Db | null = null;
  #secrets: SecretStore | null = null;
  /**
   * The program on each canvas: the landscape one is the recording's (`sink`), the portrait one
   * comes through `canvasStart`/`canvasAppend`. A destination takes its own canvas's program, or
   * the other one (letterboxed by its ffmpeg) while its own is not running.
   */
  readonly #programs = new Map<OutputCanvas, Program>();
  /** Each runner's destination canvas (a save can change it). */
  readonly #canvasOf = new Map<number, OutputCanvas>();
  #closed = false;

  /** Give this to the recorder: it receives the same chunks as the recording file. */
  readonly sink: ProgramStreamSink = {
    start: (mime, canvas) =>
      this.#guard(() => this.#programStart('landscape', { mime, ...canvas })),
    write: (chunk) => this.#guard(() => this.#programWrite('landscape', chunk)),
    stop: () => this.#guard(() => this.#programStop('landscape')),
  };

  private constructor(deps: OutputManagerDeps) {
    this.#deps = deps;
    this.#tuning = { ...DEFAULT_OUTPUT_TUNING, ...deps.tuning };
    this.#ffmpegPath = deps.ffmpegPath ?? process.env.ENCORE_FFMPEG ?? 'ffmpeg';
  }

  static create(deps: OutputManagerDeps): OutputManager {
    return new OutputManager(deps);
  }

  /** The same as `sink.write`. */
  feed(chunk: Uint8Array): void {
    this.sink.write(chunk);
  }

  /** A stream on the portrait canvas begins; answers how many destinations take that canvas. */
  canvasStart(canvas: OutputCanvas, info: ProgramInfo): { outputs: number } {
    const { db } = this.#workspace();
    this.#programStart(canvas, info);
    return { outputs: listOutputRows(db).filter((row) => row.canvas === canvas).length };
  }

  /** One numbered chunk of a canvas's stream (a repeat of the last is acknowledged again). */
  canvasAppend(canvas: OutputCanvas, seq: number, chunk: Uint8Array): { duplicate: boolean } {
    const program = this.#programs.get(canvas);
    if (!program) throw new StudioError('CONFLICT', `no ${canvas} stream is running`);
    if (isRepeatedChunk(canvas, seq, program.nextSeq)) return { duplicate: true };
    program.nextSeq = seq + 1;
    this.#guard(() => this.#programWrite(canvas, chunk));
    return { duplicate: false };
  }

  canvasStop(canvas: OutputCanvas): void {
    this.#guard(() => this.#programStop(canvas));
  }

  /** What protects stream keys in the open workspace. */
  keyProtection(): SecretStore['protection'] {
    return this.#workspace().secrets.protection;
  }

  list(): OutputInfo[] {
    const { db, secrets } = this.#workspace();
    return listOutputRows(db).map((row) => this.#info(row, secrets));
  }

  get(id: number): OutputInfo {
    const { db, secrets } = this.#workspace();
    return this.#info(this.#row(db, id), secrets);
  }

  save(input: OutputSaveArgs): OutputInfo {
    const { db, secrets } = this.#workspace();
    const existing = input.id === undefined ? undefined : this.#row(db, input.id);
    const preset = OUTPUT_PRESETS[input.platform].url;
    const url =
      input.url ??
      (existing && existing.platform === input.platform ? existing.url : (preset ?? undefined));
    if (url === undefined) {
      throw new StudioError(
        'BAD_INPUT',
        'a custom destination needs its rtmp:// or rtmps:// address',
      );
    }
    let keyRef = existing?.key_ref ?? null;
    if (input.streamKey !== undefined) {
      keyRef = input.streamKey === '' ? null : `output-key-${randomUUID()}`;
      if (keyRef !== null) secrets.set(keyRef, input.streamKey);
    }
    const fields: OutputFields = {
      name: input.name,
      platform: input.platform,
      url,
      keyRef,
      canvas: input.canvas,
      enabled: input.enabled,
    };
    const now = this.#deps.clock();
    let id: number;
    try {
      if (existing) {
        updateOutputRow(db, existing.id, fields, now);
        id = existing.id;
      } else {
        id = insertOutputRow(db, fields, now);
      }
    } catch (error) {
      if (keyRef !== null && keyRef !== existing?.key_ref) secrets.delete(keyRef);
      throw error;
    }
    if (existing?.key_ref && existing.key_ref !== keyRef) secrets.delete(existing.key_ref);

    const row = this.#row(db, id);
    const runner = this.#runners.get(id);
    const changed =
      existing &&
      (existing.url !== row.url ||
        existing.key_ref !== row.key_ref ||
        existing.canvas !== row.canvas);
    if (runner) this.#canvasOf.set(id, row.canvas);
    if (runner && changed) runner.retarget(this.#target(row, secrets));
    this.#deps.logger.info({ output: id, platform: row.platform }, 'output saved');
    this.#emitNow(id);
    return this.#info(row, secrets);
  }

  delete(id: number): void {
    const { db, secrets } = this.#workspace();
    const row = this.#row(db, id);
    const runner = this.#runners.get(id);
    if (runner) {
      void runner.close();
      this.#runners.delete(id);
      this.#canvasOf.delete(id);
    }
    deleteOutputRow(db, id);
    if (row.key_ref) secrets.delete(row.key_ref);
    this.#clearEmitSlot(id);
    this.#deps.emit('output.removed', { id: id as OutputId });
  }

  startOutput(id: number): OutputInfo {
    const { db, secrets } = this.#workspace();
    const row = this.#row(db, id);
    this.#runnerFor(row, secrets).start();
    return this.#info(row, secrets);
  }

  stopOutput(id: number): OutputInfo {
    const { db, secrets } = this.#workspace();
    const row = this.#row(db, id);
    this.#runners.get(id)?.stop();
    return this.#info(row, secrets);
  }

  /** Stops every output; resolves when their ffmpeg processes have exited. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#programs.clear();
    for (const slot of this.#emitSlots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.#emitSlots.clear();
    const runners = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(runners.map((runner) => runner.close()));
  }

  /** Which canvas's program feeds a destination on `canvas` now (null: none is running). */
  #sourceOf(canvas: OutputCanvas): OutputCanvas | null {
    if (this.#programs.has(canvas)) return canvas;
    return this.#programs.has(OTHER[canvas]) ? OTHER[canvas] : null;
  }

  /** The runners fed by the given canvas's program now. */
  #runnersOn(source: OutputCanvas): OutputRunner[] {
    return [...this.#runners].flatMap(([id, runner]) => {
      const canvas = this.#canvasOf.get(id);
      return canvas !== undefined && this.#sourceOf(canvas) === source ? [runner] : [];
    });
  }

  #programStart(canvas: OutputCanvas, info: ProgramInfo): void {
    if (this.#closed) return;
    const framer = createFramer(info.mime);
    this.#programs.set(canvas, { info, framer, init: EMPTY_BYTES, nextSeq: 0 });
    // Runners now fed by this program (a new stream, or their own canvas at last) start over.
    for (const runner of this.#runnersOn(canvas)) runner.programStarted();
    // Enabled destinations go live with the broadcast: all of them with the main (landscape)
    // program, those on the portrait canvas when it starts.
    const { db, secrets } = this.#workspace();
    for (const row of listOutputRows(db)) {
      if (row.enabled === 1 && (canvas === 'landscape' || row.canvas === canvas)) {
        this.#runnerFor(row, secrets).start();
      }
    }
  }

  #programWrite(canvas: OutputCanvas, chunk: Uint8Array): void {
    const program = this.#programs.get(canvas);
    if (!program || chunk.length === 0) return;
    // One copy per chunk: the caller may reuse its buffer once this returns.
    const pieces = program.framer.push(chunk.slice());
    const runners = this.#runnersOn(canvas);
    for (const piece of pieces) {
      if (piece.init) program.init = concatBytes(program.init, piece.bytes);
      for (const runner of runners) runner.piece(piece);
    }
  }

  #programStop(canvas: OutputCanvas): void {
    const fed = this.#runnersOn(canvas);
    this.#programs.delete(canvas);
    for (const runner of fed) {
      if (runner.wanted) runner.stop();
    }
  }

  #snapshot(canvas: OutputCanvas): ProgramSnapshot | null {
    const source = this.#sourceOf(canvas);
    const program = source === null ? undefined : this.#programs.get(source);
    return program ? { info: program.info, init: program.init } : null;
  }

  #runnerFor(row: OutputRow, secrets: SecretStore): OutputRunner {
    const existing = this.#runners.get(row.id);
    if (existing) return existing;
    const runner = OutputRunner.create(
      {
        ffmpegPath: this.#ffmpegPath,
        clock: this.#deps.clock,
        logger: this.#deps.logger.child({ output: row.id }),
        backoff: this.#tuning.backoff,
        maxAttempts: this.#tuning.maxAttempts,
        maxQueuedBytes: this.#tuning.maxQueuedBytes,
        program: () => this.#snapshot(this.#canvasOf.get(row.id) ?? row.canvas),
        onChange: () => this.#emitSoon(row.id),
      },
      this.#target(row, secrets),
    );
    this.#runners.set(row.id, runner);
    this.#canvasOf.set(row.id, row.canvas);
    return runner;
  }

  #target(row: OutputRow, secrets: SecretStore): RunnerTarget {
    return {
      url: row.url,
      key: row.key_ref ? (secrets.get(row.key_ref) ?? '') : '',
      canvas: row.canvas,
    };
  }

  #info(row: OutputRow, secrets: SecretStore): OutputInfo {
    const key = row.key_ref ? (secrets.get(row.key_ref) ?? '') : '';
    return {
      id: row.id as OutputId,
      name: row.name,
      platform: row.platform,
      url: row.url,
      streamKeyMasked: maskStreamKey(key),
      canvas: row.canvas,
      enabled: row.enabled === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      status: this.#runners.get(row.id)?.status() ?? IDLE_STATUS,
    };
  }

  #row(db: Db, id: number): OutputRow {
    const row = getOutputRow(db, id);
    if (!row) throw new StudioError('NOT_FOUND', `no output ${String(id)}`);
    return row;
  }

  /** The open workspace; a switch stops the previous workspace's outputs. */
  #workspace(): { db: Db; secrets: SecretStore } {
    if (this.#closed) throw new StudioError('UNAVAILABLE', 'outputs are shut down');
    const db = this.#deps.db();
    if (db !== this.#db || this.#secrets === null) {
      for (const runner of this.#runners.values()) void runner.close();
      this.#runners.clear();
      this.#canvasOf.clear();
      this.#db = db;
      this.#secrets = createFileSecretStore(join(this.#deps.workspaceDir(), SECRET_FILE_NAME), {
        ...(this.#deps.secretCipher ? { cipher: this.#deps.secretCipher } : {}),
        onWarning: (message) => this.#deps.logger.warn(message),
      });
    }
    return { db, secrets: this.#secrets };
  }

  /**
   * `output.changed` now if the slot allows, else once at the end of the interval. Wall time, not
   * the injected clock: this paces real timers.
   */
  #emitSoon(id: number): void {
    if (this.#closed) return;
    const slot = this.#emitSlots.get(id) ?? { lastAt: -Infinity, timer: null };
    this.#emitSlots.set(id, slot);
    if (slot.timer) return;
    const wait = slot.lastAt + this.#tuning.emitIntervalMs - Date.now();
    if (wait <= 0) {
      this.#emitNow(id);
      return;
    }
    slot.timer = setTimeout(() => {
      slot.timer = null;
      this.#emitNow(id);
    }, wait);
  }

  #emitNow(id: number): void {
    const db = this.#db;
    const secrets = this.#secrets;
    // After a workspace switch the old database is closed; its outputs are being stopped.
    if (this.#closed || db === null || secrets === null || db !== this.#deps.db() || !db.open) {
      return;
    }
    const slot = this.#emitSlots.get(id) ?? { lastAt: -Infinity, timer: null };
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.lastAt = Date.now();
    this.#emitSlots.set(id, slot);
    this.#guard(() => {
      const row = getOutputRow(db, id);
      if (row) this.#deps.emit('output.changed', this.#info(row, secrets));
    });
  }

  #clearEmitSlot(id: number): void {
    const slot = this.#emitSlots.get(id);
    if (slot?.timer) clearTimeout(slot.timer);
    this.#emitSlots.delete(id);
  }

  /** The recorder's write path must never see an output's trouble. */
  #guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'platform outputs: program stream handling failed');
    }
  }
}

const IDLE_STATUS: OutputStatus = {
  state: 'idle',
  attempts: 0,
  nextRetryAt: null,
  lastError: null,
  bitrateKbps: 0,
  frames: 0,
  droppedBytes: 0,
  liveSince: null,
  uptimeMs: 0,
  waitingForProgram: false,
};
