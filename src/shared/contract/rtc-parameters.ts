import { z } from 'zod';

/**
 * WebRTC signalling parameters as mediasoup (server) and mediasoup-client (browsers) exchange them,
 * with bounds: learners' browsers are untrusted (DESIGN.md §3), so everything a viewer sends is
 * parsed with the `strict` schemas here before mediasoup sees it (mediasoup checks semantics
 * again). What the server sends is parsed by pages with the `loose` variants, so that a field a
 * newer mediasoup adds never makes a page drop the frame.
 */

/** mediasoup's ids are UUIDs; nothing else is accepted where an id is expected. */
export const RtcId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');
export type RtcId = z.infer<typeof RtcId>;

export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

const shortText = (max: number) => z.string().min(1).max(max);
const MimeType = z.string().regex(/^(audio|video)\/[A-Za-z0-9.+-]{1,32}$/, 'expected a media type');
const PayloadType = z.number().int().min(0).max(127);
/** Codec parameters: `profile-level-id`, `packetization-mode`, `apt`, `minptime`, ... */
const CodecParameters = z
  .record(z.string().min(1).max(64), z.union([z.string().max(256), z.number()]))
  .refine((p) => Object.keys(p).length <= 24, 'too many codec parameters');
const RtcpFeedback = z
  .object({ type: shortText(32), parameter: z.string().max(32).optional() })
  .strict();
const HeaderExtensionUri = z.string().min(1).max(256);
const Direction = z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

export const RtpCodecCapability = z
  .object({
    kind: MediaKind,
    mimeType: MimeType,
    preferredPayloadType: PayloadType,
    clockRate: z.number().int().positive().max(1_000_000),
    channels: z.number().int().min(1).max(8).optional(),
    parameters: CodecParameters.optional(),
    rtcpFeedback: z.array(RtcpFeedback).max(16).optional(),
  })
  .strict();

export const RtpHeaderExtension = z
  .object({
    kind: MediaKind,
    uri: HeaderExtensionUri,
    preferredId: z.number().int().min(1).max(255),
    preferredEncrypt: z.boolean().optional(),
    direction: Direction.optional(),
  })
  .strict();

/** What a device can receive (mediasoup-client's `device.rtpCapabilities`), sent by viewers. */
export const RtpCapabilities = z
  .object({
    codecs: z.array(RtpCodecCapability).max(64).optional(),
    headerExtensions: z.array(RtpHeaderExtension).max(32).optional(),
  })
  .strict();
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

const Fingerprint = z
  .object({
    algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
    // Colon-separated hex bytes: 20 (sha-1) to 64 (sha-512).
    value: z.string().regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){19,63}$/, 'expected a fingerprint'),
  })
  .strict();

export const DtlsParameters = z
  .object({
    role: z.enum(['auto', 'client', 'server']).optional(),
    fingerprints: z.array(Fingerprint).min(1).max(8),
  })
  .strict();
export type DtlsParameters = z.infer<typeof DtlsParameters>;

const RtpEncoding = z
  .object({
    ssrc: z.number().int().nonnegative().max(0xffff_ffff).optional(),
    rid: z.string().max(32).optional(),
    codecPayloadType: PayloadType.optional(),
    rtx: z.object({ ssrc: z.number().int().nonnegative().max(0xffff_ffff) }).optional(),
    dtx: z.boolean().optional(),
    scalabilityMode: z.string().max(16).optional(),
    maxBitrate: z.number().int().positive().optional(),
  })
  .loose();

/**
 * What the studio's send transport produces with (mediasoup-client hands it to the `produce`
 * event), and what a consumer sends to a viewer. The studio is authenticated, and mediasoup
 * validates these fully; the schema bounds their size and shape.
 */
export const RtpParameters = z
  .object({
    mid: z.string().max(32).optional(),
    codecs: z
      .array(
        z
          .object({
            mimeType: MimeType,
            payloadType: PayloadType,
            clockRate: z.number().int().positive().max(1_000_000),
            channels: z.number().int().min(1).max(8).optional(),
            parameters: CodecParameters.optional(),
            rtcpFeedback: z.array(RtcpFeedback.loose()).max(16).optional(),
          })
          .loose(),
      )
      .min(1)
      .max(8),
    headerExtensions: z
      .array(
        z
          .object({
            uri: HeaderExtensionUri,
            id: z.number().int().min(1).max(255),
            encrypt: z.boolean().optional(),
            parameters: z.record(z.string(), z.unknown()).optional(),
          })
          .loose(),
      )
      .max(32)
      .optional(),
    encodings: z.array(RtpEncoding).max(4).optional(),
    rtcp: z
      .object({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional() })
      .loose()
      .optional(),
    msid: z.string().max(256).optional(),
  })
  .loose();
export type RtpParameters = z.infer<typeof RtpParameters>;

/** The router's capabilities as mediasoup reports them (server → studio and viewers). */
export const RouterRtpCapabilities = z
  .object({
    codecs: z.array(RtpCodecCapability.loose()).max(64).optional(),
    headerExtensions: z.array(RtpHeaderExtension.loose()).max(32).optional(),
  })
  .loose();
export type RouterRtpCapabilities = z.infer<typeof RouterRtpCapabilities>;

/** A WebRtcTransport's side of the handshake, as mediasoup creates it. */
export const TransportInfo = z.object({
  id: RtcId,
  iceParameters: z
    .object({ usernameFragment: z.string(), password: z.string(), iceLite: z.boolean().optional() })
    .loose(),
  iceCandidates: z
    .array(
      z
        .object({
          foundation: z.string(),
          priority: z.number(),
          ip: z.string(),
          address: z.string(),
          protocol: z.enum(['udp', 'tcp']),
          port: z.number().int(),
          type: z.enum(['host', 'srflx', 'prflx', 'relay']),
          tcpType: z.enum(['active', 'passive', 'so']).optional(),
        })
        .loose(),
    )
    .max(32),
  dtlsParameters: z
    .object({
      role: z.enum(['auto', 'client', 'server']).optional(),
      fingerprints: z.array(Fingerprint.loose()).min(1).max(8),
    })
    .loose(),
});
export type TransportInfo = z.infer<typeof TransportInfo>;

export const ConsumerInfo = z.object({
  id: RtcId,
  producerId: RtcId,
  kind: MediaKind,
  rtpParameters: RtpParameters,
});
export type ConsumerInfo = z.infer<typeof ConsumerInfo>;
