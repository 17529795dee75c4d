import { z } from 'zod';
import { SessionId } from '../model/ids';
import { bytesField } from './broadcast-api';

/**
 * The HTTP stream's low-latency feed (issue #16): a second MediaRecorder stream of the landscape
 * program, WebM/VP8 in chunks of a few frames, for the viewers on the HTTP path whose browser
 * plays WebM. The recording's fMP4 reaches viewers a fragment (~200 ms of video) at a time and
 * must be kept about that far behind; this feed cuts the HTTP stream's delay to about that of a
 * bare WebM pipeline. The studio runs it while `broadcast.health` counts such viewers
 * (`httpFeedViewers`) and stops it when none are left; the core moves viewers onto it at its next
 * keyframe and back to the recording's stream when it stops. Chunks are numbered from 0 per
 * feed, like `recording.append`: a repeat of the last one is acknowledged again, a gap refused.
 */
const Count = z.number().int().nonnegative();

export const HTTP_FEED_MIME_TYPES = [
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp8',
] as const;
const HttpFeedMimeType = z.enum(HTTP_FEED_MIME_TYPES);

export const httpFeedMethods = {
  /** A feed begins for the class (a running one is replaced). */
  'httpFeed.start': {
    input: z.object({ sessionId: SessionId, mimeType: HttpFeedMimeType }).strict(),
    output: z.object({ sessionId: SessionId, viewers: Count }),
  },
  'httpFeed.append': {
    input: z.object({ sessionId: SessionId, seq: Count, bytes: bytesField }).strict(),
    output: z.object({ seq: Count, duplicate: z.boolean() }),
  },
  /** The feed ends; its viewers go back to the recording's stream. */
  'httpFeed.stop': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: z.object({ sessionId: SessionId }),
  },
} as const;
