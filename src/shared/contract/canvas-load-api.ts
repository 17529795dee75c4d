import { z } from 'zod';
import { ExtraCanvas } from './canvas-api';

/**
 * The second canvas's load (issue #16): when the machine cannot keep up, the studio lowers the
 * portrait canvas's frame rate first (the landscape program, which is recorded, keeps its own)
 * and tells the core, whose health (`studio.health`, the banner on every screen) says so until
 * the rate is back to full or the canvas stops.
 */

const Fps = z.number().int().min(1).max(60);

/** In `studio.health` while a canvas runs below its full frame rate. */
export const CanvasLoadHealth = z.object({
  canvas: ExtraCanvas,
  fps: Fps,
  fullFps: Fps,
  /** When it was first lowered (epoch ms). */
  since: z.number().int(),
});
export type CanvasLoadHealth = z.infer<typeof CanvasLoadHealth>;

export const canvasLoadMethods = {
  /** The frame rate a canvas runs at now, and its full one; equal ones clear the warning. */
  'canvas.load': {
    input: z
      .object({ canvas: ExtraCanvas, fps: Fps, fullFps: Fps })
      .strict()
      .refine((v) => v.fps <= v.fullFps, 'fps above the full frame rate'),
    output: z.object({ lowered: z.boolean() }),
  },
} as const;
