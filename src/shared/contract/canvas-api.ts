import { z } from 'zod';
import { bytesField, RecordingMimeType } from './broadcast-api';

/**
 * The second canvas (DESIGN.md §5, issue #16): the studio composes a portrait program
 * (1080×1920) beside the landscape one from the same sources; its MediaRecorder stream goes to
 * the core here, straight to the platform outputs that chose the portrait canvas (the landscape
 * program reaches them through the recording, `recording.*`). Chunks are numbered from 0 per
 * stream, like `recording.append`: a repeat of the last one is acknowledged again, a gap refused.
 */

/** The canvases beside the main (recorded) one; only the portrait one today. */
export const ExtraCanvas = z.enum(['portrait']);
export type ExtraCanvas = z.infer<typeof ExtraCanvas>;

const Count = z.number().int().nonnegative();
const Side = z.number().int().min(16).max(4096);

export const canvasMethods = {
  /** A new stream on the canvas begins (a running one is ended first). */
  'canvas.start': {
    input: z
      .object({ canvas: ExtraCanvas, mimeType: RecordingMimeType, width: Side, height: Side })
      .strict(),
    output: z.object({ canvas: ExtraCanvas, outputs: Count }),
  },
  'canvas.append': {
    input: z.object({ canvas: ExtraCanvas, seq: Count, bytes: bytesField }).strict(),
    output: z.object({ seq: Count, duplicate: z.boolean() }),
  },
  'canvas.stop': {
    input: z.object({ canvas: ExtraCanvas }).strict(),
    output: z.object({ canvas: ExtraCanvas }),
  },
} as const;
