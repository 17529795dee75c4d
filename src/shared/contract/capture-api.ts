import { z } from 'zod';

/**
 * Screen and window sources for capture in the desktop app. Electron has no getDisplayMedia
 * picker of its own: the shell lists sources with `desktopCapturer` (with thumbnails) and the
 * studio page opens the chosen one with getUserMedia and its `chromeMediaSourceId`. In a browser
 * (the browser host) the browser's own picker does this, so the method answers UNAVAILABLE there.
 * Spread into `studioMethods` (studio-api.ts).
 */

export const DesktopSourceKind = z.enum(['screen', 'window']);
export type DesktopSourceKind = z.infer<typeof DesktopSourceKind>;

export const DesktopSource = z.object({
  /** Electron's source id (`screen:0:0`, `window:1234:0`): what getUserMedia is given. */
  id: z.string().min(1).max(200),
  name: z.string(),
  kind: DesktopSourceKind,
  /** A PNG data URL of the source's current picture, or null when it has none. */
  thumbnail: z.string().nullable(),
});
export type DesktopSource = z.infer<typeof DesktopSource>;

export const captureMethods = {
  'capture.sources': {
    input: z
      .object({
        kinds: z.array(DesktopSourceKind).min(1).max(2).default(['screen', 'window']),
        /** Thumbnail width in CSS pixels (height follows 16:9). */
        thumbnailWidth: z.number().int().min(64).max(640).default(320),
      })
      .strict(),
    output: z.array(DesktopSource),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
