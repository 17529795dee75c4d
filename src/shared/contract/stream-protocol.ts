import { z } from 'zod';

/**
 * The HTTP stream path (DESIGN.md §5): the audience server's WebSocket `/stream/<code>` carries
 * the recorder's fragmented MP4 to viewers who play it with Media Source Extensions. It is
 * separate from the audience socket (`/ws/<code>`) so that the JSON protocol stays small and a
 * slow video link never delays chat.
 *
 * Server → viewer only. Text frames are the control frames below; binary frames are media:
 * after `init`, the next binary frame is the init segment, and every binary frame after it
 * continues the stream: for the recording's fMP4 (ftyp+moov, then one moof+mdat fragment per
 * frame), for the low-latency feed's WebM (header, Info, Tracks, then Cluster bytes as they come;
 * asked for with `?feed=webm`, see http-feed-api.ts). A late joiner gets `init`, the init
 * segment, then the media from the newest keyframe on. A new `init` may come at any time (the
 * viewer moves between the two): the page starts its player over. Viewers send nothing.
 */
export const STREAM_PATH_PATTERN = /^\/stream\/([A-Za-z0-9]{4,12})$/;

export const StreamControlFrame = z.discriminatedUnion('type', [
  /** Sent on connect: whether a broadcast is running now. */
  z.object({ type: z.literal('hello'), live: z.boolean() }),
  /** A new init segment follows (a new broadcast or a reconnect): reset the player. */
  z.object({ type: z.literal('init'), mimeType: z.string().max(200) }),
  /**
   * Fragments were dropped because this viewer fell behind; the next binary frame starts at a
   * keyframe further on: jump to it.
   */
  z.object({ type: z.literal('skip') }),
  /** The broadcast stopped (the page keeps the socket and waits for the next one). */
  z.object({ type: z.literal('ended') }),
  /** The broadcast's format cannot go over this path (e.g. WebM in this version). */
  z.object({ type: z.literal('unavailable'), reason: z.string().max(200) }),
]);
export type StreamControlFrame = z.infer<typeof StreamControlFrame>;
