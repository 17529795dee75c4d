import { join } from 'node:path';
import { StudioError } from '../../../shared/contract';
import type { RecordingInfo } from '../../../shared/contract/broadcast-api';
import type { SessionId } from '../../../shared/model/ids';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/event-bus';
import type { Logger } from '../../kernel/logger';
import type { Db } from '../../storage/connection';
import { getSession } from '../../storage/queries/live/sessions';
import {
  getRecording,
  insertRecording,
  recordingsOfSession,
  setRecordingBytes,
  updateRecording,
  type RecordingCanvas,
  type RecordingRow,
} from '../../storage/queries/recordings';
import { isRepeatedChunk } from '../chunk-order';
import { Mp4Segmenter } from '../http-stream/mp4-boxes';
import type { StreamRelay } from '../http-stream/stream-relay';
import type { ProgramStreamSink } from '../outputs/program-stream-sink';
import {
  BitrateWindow,
  DEFAULT_DISK_POLICY,
  describeDisk,
  enoughToStart,
  mustStop,
  statfsFreeSpace,
  type DiskPolicy,
  type FreeSpaceProbe,
} from './disk-space';
import { finaliseRecording } from './finalise';
import { RecordingWriter } from './recording-writer';

export interface RecordingServiceDeps {
  db: () => Db;
  /** The open workspace's folder; recordings go to `<dir>/recordings/<session>/<id>.mp4`. */
  workspaceDir: () => string;
  clock: Clock;
  emit: EventBus['emit'];
  logger: Logger;
  relay: StreamRelay;
  /** Everything else that takes the program stream (platform outputs), fed every acked chunk. */
  sinks?: readonly ProgramStreamSink[];
  freeSpace?: FreeSpaceProbe;
  disk?: Partial<DiskPolicy>;
  /** How often disk space is checked and `broadcast.health` sent while recording. */
  healthIntervalMs?: number;
}

type Problem = RecordingInfo['problem'];

interface Active {
  id: number;
  sessionId: number;
  mimeType: string;
  /** Only the landscape program feeds the HTTP stream and the outputs (`sinks`). */
  canvas: RecordingCanvas;
  writer: RecordingWriter;
  /** Tracks where the last complete fragment ends: the clean place to cut on a disk-full stop. */
  segmenter: Mp4Segmenter | null;
  cleanEnd: number;
  bitrate: BitrateWindow;
  /** Set once the file stopped growing (disk full, write error); the stream goes on. */
  problem: Problem;
  nextSeq: number;
  timer: NodeJS.Timeout;
}

export const HEALTH_INTERVAL_MS = 2_000;

/**
 * The one owner of recording files: opens them for live sessions, appends the renderer's chunks
 * (acknowledged after the write), watches the disk, passes the same chunks to the HTTP stream,
 * and finalises the file when the broadcast ends.
 */
export class RecordingService {
  readonly #deps: RecordingServiceDeps;
  readonly #policy: DiskPolicy;
  readonly #freeSpace: FreeSpaceProbe;
  readonly #active = new Map<number, Active>();
  readonly #finalising = new Map<number, Promise<void>>();
  readonly #problems = new Map<number, Problem>();

  private constructor(deps: RecordingServiceDeps) {
    this.#deps = deps;
    this.#policy = { ...DEFAULT_DISK_POLICY, ...deps.disk };
    this.#freeSpace = deps.freeSpace ?? statfsFreeSpace;
  }

  static create(deps: RecordingServiceDeps): RecordingService {
    return new RecordingService(deps);
  }

  info(row: RecordingRow): RecordingInfo {
    return {
      id: row.id,
      sessionId: row.session_id as SessionId,
      path: row.path,
      mimeType: row.mime_type,
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      bytes: row.bytes,
      durationMs: row.duration_ms,
      finalising: this.#finalising.has(row.id),
      problem:
        this.#problems.get(row.id) ??
        (row.status === 'interrupted' ? 'crashed' : row.status === 'failed' ? 'writeFailed' : null),
      canvas: row.canvas,
    };
  }

  get(recordingId: number): RecordingInfo {
    return this.info(this.#row(recordingId));
  }

  list(sessionId: number): RecordingInfo[] {
    return recordingsOfSession(this.#deps.db(), sessionId).map((row) => this.info(row));
  }

  /** The recording a session is writing now on a canvas, if any. */
  activeOf(sessionId: number, canvas: RecordingCanvas = 'landscape'): number | null {
    for (const active of this.#active.values())
      if (active.sessionId === sessionId && active.canvas === canvas) return active.id;
    return null;
  }

  async disk(bitrate = 0): Promise<ReturnType<typeof describeDisk>> {
    return describeDisk(await this.#freeSpace(this.#deps.workspaceDir()), bitrate, this.#policy);
  }

  async start(
    sessionId: number,
    mimeType: string,
    canvas: RecordingCanvas = 'landscape',
  ): Promise<RecordingInfo> {
    const { db, clock, relay, logger } = this.#deps;
    const session = getSession(db(), sessionId);
    if (!session) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    if (session.status !== 'live' && session.status !== 'paused') {
      throw new StudioError('CONFLICT', 'go live before recording: the session is not live');
    }
    // One recording per session and canvas at a time: a reloaded studio page starts a fresh file.
    const previous = this.activeOf(sessionId, canvas);
    if (previous !== null) await this.stop(previous);

    const free = await this.#freeSpace(this.#deps.workspaceDir());
    if (!enoughToStart(free, this.#policy)) {
      const needMb = Math.ceil(
        (this.#policy.reserveBytes +
          (this.#policy.expectedBitrate / 8) * 60 * this.#policy.minutesToStart) /
          1e6,
      );
      throw new StudioError(
        'UNAVAILABLE',
        `not enough free disk space to record: ${String(Math.floor(free / 1e6))} MB free, ` +
          `${String(needMb)} MB needed`,
      );
    }

    const extension = mimeType.startsWith('video/webm') ? 'webm' : 'mp4';
    const dir = join(this.#deps.workspaceDir(), 'recordings', String(sessionId));
    const row = insertRecording(db(), {
      sessionId,
      mimeType,
      startedAt: clock(),
      pathFor: (id) =>
        join(dir, `${String(id)}${canvas === 'landscape' ? '' : `-${canvas}`}.${extension}`),
      canvas,
    });
    let writer: RecordingWriter;
    try {
      writer = await RecordingWriter.create(row.path);
    } catch (error) {
      updateRecording(db(), row.id, { status: 'failed', endedAt: clock() });
      this.#problems.set(row.id, 'writeFailed');
      logger.error({ err: error, file: row.path }, 'cannot create the recording file');
      throw new StudioError('UNAVAILABLE', 'cannot create the recording file; see the studio log');
    }
    const active: Active = {
      id: row.id,
      sessionId,
      mimeType,
      canvas,
      writer,
      segmenter: extension === 'mp4' ? new Mp4Segmenter() : null,
      cleanEnd: 0,
      bitrate: new BitrateWindow(),
      problem: null,
      nextSeq: 0,
      timer: setInterval(() => {
        void this.#checkHealth(active);
      }, this.#deps.healthIntervalMs ?? HEALTH_INTERVAL_MS),
    };
    active.timer.unref();
    this.#active.set(row.id, active);
    if (canvas === 'landscape') {
      relay.fanout(sessionId).begin(mimeType);
      for (const sink of this.#deps.sinks ?? []) sink.start(mimeType);
    }
    logger.info({ recordingId: row.id, file: row.path, mimeType, canvas }, 'recording started');
    return this.#changed(row.id);
  }

  async append(
    recordingId: number,
    seq: number,
    bytes: Uint8Array,
  ): Promise<{ seq: number; bytes: number; duplicate: boolean; recorded: boolean }> {
    const active = this.#active.get(recordingId);
    if (!active) {
      this.#row(recordingId);
      throw new StudioError('CONFLICT', 'the recording has stopped');
    }
    if (!active.problem) {
      try {
        const result = await active.writer.append(seq, bytes);
        if (!result.duplicate) this.#accepted(active, seq, bytes);
        return { seq, bytes: result.bytes, duplicate: result.duplicate, recorded: true };
      } catch (error) {
        if (error instanceof StudioError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        await this.#stopWriting(active, code === 'ENOSPC' ? 'diskFull' : 'writeFailed', error);
      }
    }
    // The file no longer grows, but viewers keep the picture: the chunk still goes out.
    if (isRepeatedChunk('recording', seq, active.nextSeq)) {
      return { seq, bytes: active.writer.bytes, duplicate: true, recorded: false };
    }
    this.#accepted(active, seq, bytes);
    return { seq, bytes: active.writer.bytes, duplicate: false, recorded: false };
  }

  /** Closes the file and finalises it in the background (`recording.changed` says when done). */
  async stop(recordingId: number): Promise<RecordingInfo> {
    const { db, clock, relay, logger } = this.#deps;
    const active = this.#active.get(recordingId);
    if (!active) return this.get(recordingId);
    this.#active.delete(recordingId);
    clearInterval(active.timer);
    if (active.canvas === 'landscape') {
      relay.fanout(active.sessionId).end();
      for (const sink of this.#deps.sinks ?? []) sink.stop();
    }
    if (active.problem) return this.#changed(recordingId);

    await active.writer.close();
    updateRecording(db(), recordingId, { endedAt: clock(), bytes: active.writer.bytes });
    const done = (async () => {
      try {
        const result = await finaliseRecording(active.writer.file, active.mimeType);
        if (result.note)
          logger.warn({ recordingId, note: result.note }, 'recording kept as written');
        const row = this.#row(recordingId);
        updateRecording(db(), recordingId, {
          status: 'finalised',
          bytes: result.bytes,
          durationMs:
            result.durationMs ?? (row.ended_at === null ? null : row.ended_at - row.started_at),
        });
      } catch (error) {
        if (!db().open) {
          // The studio closed while ffmpeg finalised: nothing to write to, and no rejection to
          // leave behind; the next start's recovery (recover.ts) keeps the file as written.
          logger.warn({ err: error, recordingId }, 'studio closed while finalising a recording');
        } else {
          logger.error({ err: error, recordingId }, 'finalising the recording failed');
          updateRecording(db(), recordingId, { status: 'failed' });
          this.#problems.set(recordingId, 'writeFailed');
        }
      } finally {
        this.#finalising.delete(recordingId);
      }
      if (db().open) this.#changed(recordingId);
    })();
    this.#finalising.set(recordingId, done);
    logger.info({ recordingId, bytes: active.writer.bytes }, 'recording stopped');
    return this.#changed(recordingId);
  }

  /** Resolves when the recording's finalising (if any) is over. */
  async settled(recordingId: number): Promise<RecordingInfo> {
    await this.#finalising.get(recordingId);
    return this.get(recordingId);
  }

  #accepted(active: Active, seq: number, bytes: Uint8Array): void {
    active.nextSeq = seq + 1;
    active.bitrate.add(this.#deps.clock(), bytes.byteLength);
    if (active.segmenter) {
      for (const segment of active.segmenter.push(bytes)) {
        active.cleanEnd = segment.kind === 'fragment' ? segment.end : active.segmenter.boundary;
      }
    }
    if (!active.problem) setRecordingBytes(this.#deps.db(), active.id, active.writer.bytes);
    if (active.canvas !== 'landscape') return;
    this.#deps.relay.fanout(active.sessionId).push(bytes);
    for (const sink of this.#deps.sinks ?? []) sink.write(bytes);
  }

  /**
   * Stops the file cleanly: cut back to the end of the last complete fragment (so it plays to
   * the end), closed, marked interrupted with the reason. Appends after this still stream.
   */
  async #stopWriting(
    active: Active,
    problem: NonNullable<Problem>,
    cause?: unknown,
  ): Promise<void> {
    if (active.problem) return;
    active.problem = problem;
    this.#problems.set(active.id, problem);
    try {
      if (active.segmenter) await active.writer.truncateAndClose(active.cleanEnd);
      else await active.writer.close();
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'closing the recording after a stop failed');
    }
    updateRecording(this.#deps.db(), active.id, {
      status: 'interrupted',
      endedAt: this.#deps.clock(),
      bytes: active.writer.bytes,
    });
    this.#deps.logger.warn(
      { recordingId: active.id, problem, err: cause },
      'recording stopped before the end of the broadcast',
    );
    this.#changed(active.id);
  }

  async #checkHealth(active: Active): Promise<void> {
    try {
      const free = await this.#freeSpace(this.#deps.workspaceDir());
      if (!this.#active.has(active.id)) return;
      const now = this.#deps.clock();
      const bitrate = active.bitrate.bitsPerSecond(now);
      if (!active.problem && mustStop(free, this.#policy))
        await this.#stopWriting(active, 'diskFull');
      const fanout = this.#deps.relay.fanout(active.sessionId);
      this.#deps.emit('broadcast.health', {
        sessionId: active.sessionId as SessionId,
        recordingId: active.id,
        bytes: active.writer.bytes,
        bitrate,
        disk: describeDisk(free, bitrate, this.#policy),
        httpViewers: fanout.viewers,
        httpFeedViewers: fanout.feedViewers,
        httpOnFeed: fanout.onFeed,
        httpSkips: fanout.skips,
      });
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'broadcast health check failed');
    }
  }

  #row(recordingId: number): RecordingRow {
    const row = getRecording(this.#deps.db(), recordingId);
    if (!row) throw new StudioError('NOT_FOUND', `no recording ${String(recordingId)}`);
    return row;
  }

  #changed(recordingId: number): RecordingInfo {
    const info = this.get(recordingId);
    this.#deps.emit('recording.changed', info);
    return info;
  }
}
