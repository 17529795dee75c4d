import { z } from 'zod';
import { EpochMs } from '../model/domain';

/**
 * Platform outputs: RTMP/RTMPS destinations the program stream is pushed to through ffmpeg, each
 * started and stopped on its own. Spread into `studioMethods` and `studioEvents` (studio-api.ts).
 *
 * The stream key is write-only: `output.save` accepts it, nothing ever returns it; the API shows
 * a masked form (`••••abcd`). Omitting `streamKey` on an update keeps the stored key; `''` clears it.
 */

const Count = z.number().int().nonnegative();

export const OutputId = z.number().int().positive().brand<'OutputId'>();
export type OutputId = z.infer<typeof OutputId>;

export const OutputPlatform = z.enum(['youtube', 'bilibili', 'twitch', 'custom']);
export type OutputPlatform = z.infer<typeof OutputPlatform>;

/** Ingest addresses the platforms publish; `custom` has none (the user types a URL). */
export const OUTPUT_PRESETS: Readonly<
  Record<OutputPlatform, { label: string; url: string | null }>
> = {
  youtube: { label: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2' },
  bilibili: { label: 'Bilibili', url: 'rtmp://live-push.bilivideo.com/live-bvc' },
  twitch: { label: 'Twitch', url: 'rtmp://live.twitch.tv/app' },
  custom: { label: 'Custom RTMP', url: null },
};

/** Which canvas the destination shows: vertical platforms take the 1080×1920 one. */
export const OutputCanvas = z.enum(['landscape', 'portrait']);
export type OutputCanvas = z.infer<typeof OutputCanvas>;

export const OutputState = z.enum(['idle', 'connecting', 'live', 'reconnecting', 'failed']);
export type OutputState = z.infer<typeof OutputState>;

export const OutputUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^rtmps?:\/\/[^\s/?#]+(\/[^\s]*)?$/i, 'an rtmp:// or rtmps:// address');

/** Printable ASCII without spaces: keys go into a URL and an ffmpeg argument. */
export const StreamKey = z
  .string()
  .max(500)
  .regex(/^[!-~]*$/, 'printable characters without spaces');

export const OutputStatus = z.object({
  state: OutputState,
  /** Consecutive failed attempts since the destination was last stably live. */
  attempts: Count,
  /** When the next reconnect attempt runs, while reconnecting. */
  nextRetryAt: EpochMs.nullable(),
  /** The last error line from ffmpeg (stream key redacted), or why the output stopped. */
  lastError: z.string().nullable(),
  /** Output bitrate reported by ffmpeg, kbit/s. */
  bitrateKbps: z.number().nonnegative(),
  /** Video frames sent by the current ffmpeg process. */
  frames: Count,
  /** Bytes of the program stream skipped because this destination's ffmpeg fell behind. */
  droppedBytes: Count,
  /** Since when the current connection has been live (null unless live). */
  liveSince: EpochMs.nullable(),
  uptimeMs: Count,
  /** Started while the studio is not broadcasting: it connects when the program stream starts. */
  waitingForProgram: z.boolean(),
});
export type OutputStatus = z.infer<typeof OutputStatus>;

export const OutputInfo = z.object({
  id: OutputId,
  name: z.string(),
  platform: OutputPlatform,
  url: z.string(),
  /** `••••` plus the key's last four characters (only `••••` for short keys); '' when none. */
  streamKeyMasked: z.string(),
  canvas: OutputCanvas,
  /** Enabled destinations start by themselves when the program stream starts. */
  enabled: z.boolean(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  status: OutputStatus,
});
export type OutputInfo = z.infer<typeof OutputInfo>;

const idRef = z.object({ id: OutputId }).strict();

export const OutputSaveInput = z
  .object({
    /** Absent: create. */
    id: OutputId.optional(),
    name: z.string().trim().min(1).max(100),
    platform: OutputPlatform,
    /** Defaults to the platform's ingest address; required for `custom`. */
    url: OutputUrl.optional(),
    streamKey: StreamKey.optional(),
    canvas: OutputCanvas.default('landscape'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type OutputSaveInput = z.input<typeof OutputSaveInput>;

export const outputMethods = {
  'output.list': { input: z.object({}).strict(), output: z.array(OutputInfo) },
  'output.save': { input: OutputSaveInput, output: OutputInfo },
  'output.delete': { input: idRef, output: z.object({ id: OutputId }) },
  'output.start': { input: idRef, output: OutputInfo },
  'output.stop': { input: idRef, output: OutputInfo },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const outputEvents = {
  /** Settings or status changed; at most twice a second per destination. */
  'output.changed': OutputInfo,
  'output.removed': z.object({ id: OutputId }),
} as const satisfies Record<string, z.ZodType>;
