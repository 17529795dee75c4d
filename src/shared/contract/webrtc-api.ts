import { z } from 'zod';
import { SessionId } from '../model/ids';
import {
  DtlsParameters,
  MediaKind,
  RouterRtpCapabilities,
  RtcId,
  RtpParameters,
  TransportInfo,
} from './rtc-parameters';

/**
 * WebRTC delivery (DESIGN.md §5): the studio's renderer publishes the program stream with
 * mediasoup-client to a mediasoup router in the core; viewers consume it over the audience socket
 * (audience-protocol.ts). These are the studio's side of the signalling, in mediasoup-client's
 * order: `webrtc.join` (router capabilities, for `Device.load`), `webrtc.createTransport`,
 * `webrtc.connectTransport` (the send transport's `connect` event), `webrtc.produce` (its
 * `produce` event). Spread into `studioMethods` and `studioEvents` (studio-api.ts).
 *
 * mediasoup is optional: where its package or worker binary is missing, `webrtc.status` says why
 * and the other methods answer UNAVAILABLE; viewers then use the HTTP stream.
 */

const Count = z.number().int().nonnegative();

/** Why WebRTC delivery is off; null when it is on. */
export const WebRtcUnavailableReason = z.enum([
  /** The `mediasoup` npm package could not be loaded. */
  'package-missing',
  /** No mediasoup-worker binary (set MEDIASOUP_WORKER_BIN). */
  'worker-missing',
  /** Workers could not be started, or they all crashed and could not be restarted. */
  'worker-failed',
  /** Turned off in the studio's configuration. */
  'disabled',
]);
export type WebRtcUnavailableReason = z.infer<typeof WebRtcUnavailableReason>;

export const WebRtcSessionStats = z.object({
  sessionId: SessionId,
  /** Producers the studio publishes now (0 when it is not live over WebRTC). */
  producers: Count,
  /** Viewers receiving the class over WebRTC now. */
  viewers: Count,
  /** Routers carrying the class (more than one once consumers spill to other workers). */
  routers: Count,
});
export type WebRtcSessionStats = z.infer<typeof WebRtcSessionStats>;

export const WebRtcStatus = z.object({
  available: z.boolean(),
  reason: WebRtcUnavailableReason.nullable(),
  /** A line for the log and for people who want the detail (path of the missing binary, ...). */
  detail: z.string().nullable(),
  /** Workers running now (they start with the first class that uses WebRTC). */
  workers: Count,
  session: WebRtcSessionStats.nullable(),
});
export type WebRtcStatus = z.infer<typeof WebRtcStatus>;

export const webrtcMethods = {
  'webrtc.status': {
    input: z.object({ sessionId: SessionId.optional() }).strict(),
    output: WebRtcStatus,
  },
  /** Opens (or finds) the class's router; answers its capabilities for `Device.load`. */
  'webrtc.join': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: z.object({ rtpCapabilities: RouterRtpCapabilities }),
  },
  /** A send transport on the class's router, for the studio's `device.createSendTransport`. */
  'webrtc.createTransport': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: TransportInfo,
  },
  'webrtc.connectTransport': {
    input: z.object({ transportId: RtcId, dtlsParameters: DtlsParameters }).strict(),
    output: z.object({}),
  },
  'webrtc.produce': {
    input: z.object({ transportId: RtcId, kind: MediaKind, rtpParameters: RtpParameters }).strict(),
    output: z.object({ producerId: RtcId }),
  },
  'webrtc.closeProducer': {
    input: z.object({ producerId: RtcId }).strict(),
    output: z.object({}),
  },
  /** The studio stops publishing the class: its transports and producers close. */
  'webrtc.leave': {
    input: z.object({ sessionId: SessionId }).strict(),
    output: z.object({}),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const webrtcEvents = {
  /** Availability changed (a worker crashed, ...) or a class's WebRTC numbers moved. */
  'webrtc.changed': WebRtcStatus,
} as const satisfies Record<string, z.ZodType>;
