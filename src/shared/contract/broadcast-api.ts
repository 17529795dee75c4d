import { z } from 'zod';
import { EpochMs } from '../model/domain';
import { SessionId } from '../model/ids';

/**
 * The broadcast part of the studio API: the recording the core writes from the renderer's
 * MediaRecorder chunks, and the health of the broadcast. Spread into `studioMethods` and
 * `studioEvents` (studio-api.ts).
 *
 * Chunks travel as bytes, never base64 (DESIGN.md §2): over Electron IPC `recording.append`'s
 * `bytes` is a Uint8Array in the structured clone; over the browser host's WebSocket the call is
 * one binary frame (binary-wire.ts) whose payload becomes `bytes`.
 */

/** The largest chunk one `recording.append` carries; the renderer splits bigger blobs. */
export const RECORDING_CHUNK_MAX_BYTES = 4 * 1024 * 1024;

const Count = z.number().int().nonnegative();
export const RecordingId = z.number().int().positive();
export type RecordingId = z.infer<typeof RecordingId>;

/** What MediaRecorder produced; fragmented MP4 is preferred, WebM is the fallback. */
export const RecordingMimeType = z
  .string()
  .max(120)
  .regex(/^video\/(mp4|webm)(;[ -~]*)?$/, 'a video/mp4 or video/webm MediaRecorder type');

export const RecordingStatus = z.enum(['recording', 'finalised', 'interrupted', 'failed']);
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** Why a recording stopped other than by `recording.stop` (null while fine). */
export const RecordingProblem = z.enum(['diskFull', 'writeFailed', 'crashed']).nullable();

/** Which program a recording holds (issue #16: the portrait one may be recorded too). */
export const RecordingCanvas = z.enum(['landscape', 'portrait']);
export type RecordingCanvas = z.infer<typeof RecordingCanvas>;

export const RecordingInfo = z.object({
  id: RecordingId,
  sessionId: SessionId,
  path: z.string(),
  mimeType: z.string(),
  status: RecordingStatus,
  /** Same clock as the session's events (integer ms, UTC). */
  startedAt: EpochMs,
  endedAt: EpochMs.nullable(),
  bytes: Count,
  durationMs: Count.nullable(),
  /** True while the file is being remuxed after `recording.stop`. */
  finalising: z.boolean(),
  problem: RecordingProblem,
  canvas: RecordingCanvas,
});
export type RecordingInfo = z.infer<typeof RecordingInfo>;

export const DiskSpace = z.object({
  freeBytes: Count,
  /** At the current (or, before going live, the expected) recording bitrate; null if unknown. */
  minutesLeft: z.number().nonnegative().nullable(),
  /** Below the warning threshold: the studio says so while live. */
  low: z.boolean(),
});
export type DiskSpace = z.infer<typeof DiskSpace>;

export const BroadcastStatus = z.object({
  sessionId: SessionId,
  recording: RecordingInfo.nullable(),
  disk: DiskSpace,
  /** Whether ffmpeg is there to finalise recordings (else fragmented MP4 is kept as is). */
  ffmpeg: z.boolean(),
  /** Viewers on the HTTP (MSE) stream path now. */
  httpViewers: Count,
});
export type BroadcastStatus = z.infer<typeof BroadcastStatus>;

export const BroadcastHealth = z.object({
  sessionId: SessionId,
  recordingId: RecordingId,
  bytes: Count,
  /** Recorder output over the last few seconds, bits per second. */
  bitrate: Count,
  disk: DiskSpace,
  httpViewers: Count,
  /** HTTP viewers whose browser plays the low-latency feed (http-feed-api.ts): run it if any. */
  httpFeedViewers: Count,
  /** HTTP viewers on the low-latency feed now. */
  httpOnFeed: Count,
  /** Slow HTTP viewers moved forward to the next keyframe, since the recording started. */
  httpSkips: Count,
});
export type BroadcastHealth = z.infer<typeof BroadcastHealth>;

export const bytesField = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0, 'an empty chunk')
  .refine(
    (b) => b.byteLength <= RECORDING_CHUNK_MAX_BYTES,
    `a chunk larger than ${String(RECORDING_CHUNK_MAX_BYTES)} bytes`,
  );

export const broadcastMethods = {
  /**
   * Registers a recording for a live session and opens its file; refuses when disk is short.
   * One per canvas at a time; only the landscape one feeds the HTTP stream and the outputs.
   */
  'recording.start': {
    input: z
      .object({
        sessionId: SessionId,
        mimeType: RecordingMimeType,
        canvas: RecordingCanvas.default('landscape'),
      })
      .strict(),
    output: RecordingInfo,
  },
  /**
   * Appends one chunk. `seq` counts from 0 per recording; a repeat of the last acknowledged seq
   * (a retry after a lost answer) is acknowledged again without writing; a gap is refused.
   * Answered only after the bytes are written to the file.
   */
  'recording.append': {
    input: z.object({ recordingId: RecordingId, seq: Count, bytes: bytesField }).strict(),
    output: z.object({
      seq: Count,
      /** Bytes in the file after this chunk. */
      bytes: Count,
      duplicate: z.boolean(),
      /** False once the recording stopped (disk full): the stream still goes to viewers. */
      recorded: z.boolean(),
    }),
  },
  /** Closes the file; finalising (an ffmpeg remux) continues after the answer. */
  'recording.stop': {
    input: z.object({ recordingId: RecordingId }).strict(),
    output: RecordingInfo,
  },
  'recording.get': {
    input: z.object({ recordingId: RecordingId }).strict(),
    output: RecordingInfo,
  },
  'recording.list': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: z.array(RecordingInfo),
  },
  'broadcast.status': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: BroadcastStatus,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const broadcastEvents = {
  'recording.changed': RecordingInfo,
  'broadcast.health': BroadcastHealth,
} as const satisfies Record<string, z.ZodType>;
