import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { OutputCanvas, OutputState, OutputStatus } from '../../../shared/contract/outputs-api';
import type { Clock } from '../../kernel/clock';
import { guarded } from '../../kernel/guarded';
import type { Logger } from '../../kernel/logger';
import { backoffDelayMs, nextAttempt, type BackoffOptions } from './backoff';
import { ffmpegArgs, ingestUrl, type ProgramInfo } from './ffmpeg-args';
import { createProgressParser, type FfmpegProgress } from './ffmpeg-progress';
import type { FramedPiece } from './framer-pieces';
import { redactSecrets } from './redact';

export interface RunnerTarget {
  url: string;
  key: string;
  canvas: OutputCanvas;
}

/** The program stream as a new ffmpeg needs it: what it is, and its init segment so far. */
export interface ProgramSnapshot {
  info: ProgramInfo;
  init: Uint8Array;
}

export interface RunnerOptions {
  ffmpegPath: string;
  clock: Clock;
  logger: Logger;
  backoff: BackoffOptions;
  /** Consecutive failures (without a stable live spell) before the output gives up: `failed`. */
  maxAttempts: number;
  /** ffmpeg's stdin may hold this much unwritten; beyond it, fragments are skipped. */
  maxQueuedBytes: number;
  program: () => ProgramSnapshot | null;
  onChange: () => void;
}

/** Give ffmpeg this long to flush and hang up after its stdin ends; then SIGKILL. */
const STOP_GRACE_MS = 3_000;
const STDERR_LINE_MAX = 500;

interface Proc {
  child: ChildProcess;
  stdin: Writable;
  /** A fragment boundary has been written: data may follow. */
  started: boolean;
  /** Behind: skipping data until a boundary finds stdin drained. */
  skipping: boolean;
  /** Stopped on purpose: its exit is not a failure. */
  retired: boolean;
  exited: boolean;
  lastStderr: string | null;
  exit: Promise<void>;
}

/**
 * One destination's ffmpeg and its life: connecting, live, reconnecting with backoff when ffmpeg
 * exits or the server drops it, failed when it cannot go on. It never blocks the caller: pieces
 * are written without waiting, and when ffmpeg falls behind whole fragments are skipped.
 */
export class OutputRunner {
  readonly #options: RunnerOptions;
  #target: RunnerTarget;
  #wanted = false;
  #state: OutputState = 'idle';
  #attempts = 0;
  #nextRetryAt: number | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #lastError: string | null = null;
  #bitrateKbps = 0;
  #frames = 0;
  #droppedBytes = 0;
  #liveSince: number | null = null;
  #waitingForProgram = false;
  #proc: Proc | null = null;
  readonly #exits = new Set<Promise<void>>();

  private constructor(options: RunnerOptions, target: RunnerTarget) {
    this.#options = options;
    this.#target = target;
  }

  static create(options: RunnerOptions, target: RunnerTarget): OutputRunner {
    return new OutputRunner(options, target);
  }

  get wanted(): boolean {
    return this.#wanted;
  }

  status(): OutputStatus {
    const now = this.#options.clock();
    return {
      state: this.#state,
      attempts: this.#attempts,
      nextRetryAt: this.#nextRetryAt,
      lastError: this.#lastError,
      bitrateKbps: this.#bitrateKbps,
      frames: this.#frames,
      droppedBytes: this.#droppedBytes,
      liveSince: this.#liveSince,
      uptimeMs: this.#liveSince === null ? 0 : Math.max(0, now - this.#liveSince),
      waitingForProgram: this.#wanted && this.#waitingForProgram,
    };
  }

  start(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#attempts = 0;
    this.#lastError = null;
    this.#droppedBytes = 0;
    this.#launch();
  }

  stop(reason: string | null = null): void {
    this.#wanted = false;
    this.#clearRetry();
    this.#retire();
    this.#attempts = 0;
    this.#lastError = reason;
    this.#setState('idle');
  }

  /** New URL, key or canvas: a running output reconnects with them at once. */
  retarget(target: RunnerTarget): void {
    this.#target = target;
    if (!this.#wanted) return;
    this.#retire();
    this.#clearRetry();
    this.#launch();
  }

  /**
   * A program stream started: an output waiting for it launches now; one fed by a previous stream
   * starts a fresh ffmpeg (the new stream has its own init segment).
   */
  programStarted(): void {
    if (!this.#wanted) return;
    if (this.#proc !== null) {
      this.#retire();
      this.#launch();
    } else if (this.#retryTimer === null) {
      this.#launch();
    }
  }

  /** Program bytes, in order. Init pieces always go through; data waits for a boundary. */
  piece(piece: FramedPiece): void {
    const proc = this.#proc;
    if (!proc || proc.retired || proc.exited || !proc.stdin.writable) return;
    if (piece.init) {
      proc.stdin.write(piece.bytes);
      return;
    }
    if (!proc.started) {
      if (!piece.boundary) return;
      proc.started = true;
    }
    const queued = proc.stdin.writableLength;
    if (proc.skipping) {
      if (piece.boundary && queued <= this.#options.maxQueuedBytes / 2) proc.skipping = false;
      else {
        this.#drop(piece);
        return;
      }
    } else if (queued > this.#options.maxQueuedBytes) {
      proc.skipping = true;
      this.#options.logger.warn(
        { queuedBytes: queued },
        'output falling behind: skipping to the next fragment',
      );
      this.#drop(piece);
      return;
    }
    proc.stdin.write(piece.bytes);
  }

  /** Stops, and resolves once every ffmpeg this runner started has exited. */
  async close(): Promise<void> {
    this.stop();
    await Promise.all([...this.#exits]);
  }

  #drop(piece: FramedPiece): void {
    this.#droppedBytes += piece.bytes.length;
    this.#options.onChange();
  }

  #launch(): void {
    this.#clearRetry();
    const program = this.#options.program();
    this.#waitingForProgram = program === null;
    if (program === null) {
      // Armed: it connects when the program stream starts.
      this.#setState(this.#attempts > 0 ? 'reconnecting' : 'connecting');
      return;
    }
    this.#frames = 0;
    this.#bitrateKbps = 0;
    this.#liveSince = null;
    const { url, key, canvas } = this.#target;
    const args = ffmpegArgs(program.info, canvas, ingestUrl(url, key));
    const child = spawn(this.#options.ffmpegPath, args, {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let resolveExit: () => void = () => undefined;
    const exit = new Promise<void>((resolve) => (resolveExit = resolve));
    const proc: Proc = {
      child,
      stdin: child.stdin as Writable,
      started: false,
      skipping: false,
      retired: false,
      exited: false,
      lastStderr: null,
      exit,
    };
    this.#exits.add(exit);
    void exit.then(() => this.#exits.delete(exit));
    this.#proc = proc;
    // EPIPE and friends when ffmpeg dies: its exit is what tells us.
    proc.stdin.on('error', () => undefined);

    const onLine = (line: string) => {
      const text = redactSecrets(line.trim(), [key]).slice(0, STDERR_LINE_MAX);
      if (text === '') return;
      proc.lastStderr = text;
      this.#options.logger.debug({ line: text }, 'ffmpeg');
    };
    readLines(child.stderr, onLine);
    const progress = child.stdio[3] as Readable | null | undefined;
    if (progress) {
      const parse = createProgressParser((report) => this.#onProgress(proc, report));
      progress.setEncoding('utf8');
      progress.on('data', (text: string) => parse(text));
      progress.on('error', () => undefined);
    }
    let spawnError: Error | null = null;
    child.on('error', (error) => {
      spawnError = error;
      // A process that never started has no 'close' to wait for.
      if (child.pid === undefined) this.#onExit(proc, null, null, error, resolveExit);
    });
    child.on('close', (code, signal) => this.#onExit(proc, code, signal, spawnError, resolveExit));

    this.#setState(this.#attempts > 0 ? 'reconnecting' : 'connecting');
    if (program.init.length > 0 && proc.stdin.writable) proc.stdin.write(program.init);
  }

  #onProgress(proc: Proc, report: FfmpegProgress): void {
    if (proc !== this.#proc || proc.retired) return;
    this.#frames = report.frames;
    this.#bitrateKbps = report.bitrateKbps;
    if (report.frames > 0 && this.#state !== 'live') {
      this.#liveSince = this.#options.clock();
      this.#nextRetryAt = null;
      this.#setState('live');
    } else {
      this.#options.onChange();
    }
  }

  #onExit(
    proc: Proc,
    code: number | null,
    signal: NodeJS.Signals | null,
    spawnError: Error | null,
    resolveExit: () => void,
  ): void {
    if (proc.exited) return;
    proc.exited = true;
    resolveExit();
    if (this.#proc === proc) this.#proc = null;
    if (proc.retired || !this.#wanted) return;

    const now = this.#options.clock();
    const liveFor = this.#liveSince === null ? null : now - this.#liveSince;
    this.#liveSince = null;
    this.#bitrateKbps = 0;
    const why = spawnError
      ? `could not run ffmpeg (${this.#options.ffmpegPath}): ${spawnError.message}`
      : (proc.lastStderr ??
        `ffmpeg exited (${signal === null ? `code ${String(code)}` : `signal ${signal}`})`);
    this.#lastError = redactSecrets(why, [this.#target.key]);
    if (spawnError) {
      this.#wanted = false;
      this.#setState('failed');
      return;
    }
    this.#attempts = nextAttempt(this.#attempts, liveFor, this.#options.backoff);
    if (this.#attempts > this.#options.maxAttempts) {
      this.#wanted = false;
      this.#setState('failed');
      return;
    }
    const delay = backoffDelayMs(this.#attempts, this.#options.backoff);
    this.#nextRetryAt = now + delay;
    // A launch that throws (ffmpeg cannot be spawned) is logged; the output then waits for the
    // user to start it again rather than take the studio down.
    this.#retryTimer = setTimeout(
      guarded({ logger: this.#options.logger }, 'output reconnect', () => {
        this.#retryTimer = null;
        this.#launch();
      }),
      delay,
    );
    this.#setState('reconnecting');
  }

  /** Ends the current ffmpeg on purpose: stdin closes (it flushes and hangs up), then SIGKILL. */
  #retire(): void {
    const proc = this.#proc;
    this.#proc = null;
    this.#liveSince = null;
    this.#bitrateKbps = 0;
    if (!proc || proc.exited) return;
    proc.retired = true;
    proc.stdin.end();
    const kill = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
    void proc.exit.then(() => clearTimeout(kill));
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#nextRetryAt = null;
  }

  #setState(state: OutputState): void {
    if (state !== this.#state) {
      this.#options.logger.info(
        { state, attempts: this.#attempts, error: this.#lastError },
        'output state',
      );
    }
    this.#state = state;
    this.#options.onChange();
  }
}

function readLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split(/\r?\n|\r/);
    buffered = (lines.pop() ?? '').slice(-STDERR_LINE_MAX * 4);
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (buffered !== '') onLine(buffered);
    buffered = '';
  });
  stream.on('error', () => undefined);
}
