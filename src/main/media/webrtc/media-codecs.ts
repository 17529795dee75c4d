import type { types as ms } from 'mediasoup';

/**
 * The codecs every class's router offers. Live video without B-frames only: VP8, and H.264
 * Constrained Baseline (profile-level-id 42e01f, packetization-mode 1), which phones decode in
 * hardware and which is what the recorder writes too (DESIGN.md §11). Opus for sound.
 */
export const MEDIA_CODECS: ms.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90_000,
    parameters: { 'x-google-start-bitrate': 1_000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90_000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 1_000,
    },
  },
];
