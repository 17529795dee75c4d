/**
 * Encoder choices for publishing the program over WebRTC. Pure, so they are tested in Node.
 */

/** A codec as mediasoup-client lists it in `device.sendRtpCapabilities`. */
export interface SendCodec {
  kind: 'audio' | 'video';
  mimeType: string;
  parameters?: Record<string, unknown>;
}

/**
 * The codec for the program over WebRTC: never one with B-frames. H.264 Constrained Baseline
 * (42e01f, packetization-mode 1) first — hardware encoders on laptops and decoders on phones —
 * then VP8; undefined leaves mediasoup-client's first choice.
 */
export function pickVideoCodec<C extends SendCodec>(
  codecs: readonly C[] | undefined,
): C | undefined {
  const video = (codecs ?? []).filter((c) => c.kind === 'video');
  const h264 = video.find(
    (c) =>
      c.mimeType.toLowerCase() === 'video/h264' &&
      String(c.parameters?.['profile-level-id'] as string | undefined).toLowerCase() === '42e01f' &&
      Number(c.parameters?.['packetization-mode'] ?? 0) === 1,
  );
  return h264 ?? video.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
}

/** Video bitrate over WebRTC: below the recorder's, since every viewer's link carries it. */
export function webrtcVideoBitrate(recorderBitrate: number): number {
  return Math.round(Math.min(recorderBitrate * 0.6, 3_000_000));
}

/**
 * The program's hint to the WebRTC encoder: a live picture, not a screen share. 'detail' (or
 * 'text') makes Chromium encode the track as a screen share — OpenH264's screen-content mode,
 * which skips frames to hold its bitrate — and the viewer's jitter buffer grows with the uneven
 * frames (bench/latency.ts). Under congestion the resolution gives way before the frame rate.
 */
export const WEBRTC_CONTENT_HINT = 'motion';
