/**
 * Where the WebRTC delay goes: the studio's encoder and the viewer's receiver, from
 * RTCPeerConnection getStats() over the sampling window (bench/latency.ts).
 *
 * `trackPeerConnections` is evaluated in a page before it opens its connections (mediasoup-client
 * creates them at go-live / join): it keeps every RTCPeerConnection the page makes in
 * `globalThis.__benchPcs`. `rtcSnapshot` reads their stats; `encoderFigures` and
 * `receiverFigures` turn two snapshots into per-second rates and per-frame averages.
 */
import type { Page } from 'playwright-core';

/** Source text (tsx's transform would add helpers the page does not have). */
const TRACK = `(() => {
  if (globalThis.__benchPcs) return;
  const pcs = [];
  globalThis.__benchPcs = pcs;
  const Original = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); pcs.push(this); }
  };
})()`;

const SNAPSHOT = `(async () => {
  const keep = new Set(['outbound-rtp', 'inbound-rtp', 'media-source']);
  const out = [];
  for (const pc of globalThis.__benchPcs ?? []) {
    if (pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    report.forEach((s) => { if (keep.has(s.type)) out.push(s); });
  }
  return { at: performance.now(), stats: out };
})()`;

export async function trackPeerConnections(page: Page): Promise<void> {
  await page.evaluate(TRACK);
}

type Stat = Record<string, unknown> & { type: string; kind?: string; id: string };
export interface RtcSnapshot {
  at: number;
  stats: Stat[];
}

export function rtcSnapshot(page: Page): Promise<RtcSnapshot> {
  return page.evaluate<RtcSnapshot>(SNAPSHOT);
}

const num = (stat: Stat | undefined, key: string): number => {
  const value = stat?.[key];
  return typeof value === 'number' ? value : 0;
};
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

function pick(snapshot: RtcSnapshot, type: string, kind: string): Stat | undefined {
  // The busiest one, should a restart have left an older connection open.
  return snapshot.stats
    .filter((s) => s.type === type && (s.kind ?? kind) === kind)
    .sort(
      (a, b) =>
        num(b, 'packetsSent') +
        num(b, 'packetsReceived') -
        num(a, 'packetsSent') -
        num(a, 'packetsReceived'),
    )[0];
}

/** The studio's video encoder over the window. */
export function encoderFigures(before: RtcSnapshot, after: RtcSnapshot): Record<string, unknown> {
  const a = pick(before, 'outbound-rtp', 'video');
  const b = pick(after, 'outbound-rtp', 'video');
  const sourceB = pick(after, 'media-source', 'video');
  const sourceA = pick(before, 'media-source', 'video');
  if (!b) return { missing: 'no outbound video stream' };
  const seconds = (after.at - before.at) / 1_000;
  const encoded = num(b, 'framesEncoded') - num(a, 'framesEncoded');
  const perFrame = (key: string, scale = 1): number | null =>
    encoded > 0 ? round(((num(b, key) - num(a, key)) / encoded) * scale) : null;
  return {
    // Frames the canvas track handed to WebRTC (the composed rate as the encoder sees it).
    sourceFps: round((num(sourceB, 'frames') - num(sourceA, 'frames')) / seconds),
    framesEncodedPerS: round(encoded / seconds),
    framesSentPerS: round((num(b, 'framesSent') - num(a, 'framesSent')) / seconds),
    qpPerFrame: perFrame('qpSum'),
    encodeMsPerFrame: perFrame('totalEncodeTime', 1_000),
    // From a frame entering the encoder to its last packet leaving the pacer.
    packetSendDelayMsPerPacket:
      num(b, 'packetsSent') - num(a, 'packetsSent') > 0
        ? round(
            ((num(b, 'totalPacketSendDelay') - num(a, 'totalPacketSendDelay')) /
              (num(b, 'packetsSent') - num(a, 'packetsSent'))) *
              1_000,
          )
        : null,
    kbps: round(((num(b, 'bytesSent') - num(a, 'bytesSent')) * 8) / seconds / 1_000, 0),
    frame: `${String(num(b, 'frameWidth'))}x${String(num(b, 'frameHeight'))}`,
    encoder: b.encoderImplementation ?? null,
    qualityLimitation: b.qualityLimitationReason ?? null,
    qualityLimitationDurations: b.qualityLimitationDurations ?? null,
  };
}

/** The viewer's receivers over the window: where the frames waited. */
export function receiverFigures(before: RtcSnapshot, after: RtcSnapshot): Record<string, unknown> {
  const one = (kind: 'video' | 'audio'): Record<string, unknown> | null => {
    const a = pick(before, 'inbound-rtp', kind);
    const b = pick(after, 'inbound-rtp', kind);
    if (!b) return null;
    const emitted = num(b, 'jitterBufferEmittedCount') - num(a, 'jitterBufferEmittedCount');
    const perEmitted = (key: string): number | null =>
      emitted > 0 ? round(((num(b, key) - num(a, key)) / emitted) * 1_000) : null;
    const seconds = (after.at - before.at) / 1_000;
    const base = {
      jitterBufferMs: perEmitted('jitterBufferDelay'),
      jitterBufferTargetMs: perEmitted('jitterBufferTargetDelay'),
      jitterBufferMinimumMs: perEmitted('jitterBufferMinimumDelay'),
    };
    if (kind === 'audio') return base;
    const decoded = num(b, 'framesDecoded') - num(a, 'framesDecoded');
    const perDecoded = (key: string): number | null =>
      decoded > 0 ? round(((num(b, key) - num(a, key)) / decoded) * 1_000) : null;
    return {
      ...base,
      framesDecodedPerS: round(decoded / seconds),
      decodeMsPerFrame: perDecoded('totalDecodeTime'),
      // From the first packet's arrival to the frame leaving the decoder.
      processingMsPerFrame: perDecoded('totalProcessingDelay'),
      framesDropped: num(b, 'framesDropped') - num(a, 'framesDropped'),
      freezes: num(b, 'freezeCount') - num(a, 'freezeCount'),
    };
  };
  return { video: one('video'), audio: one('audio') };
}
