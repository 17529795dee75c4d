import { describe, expect, it } from 'vitest';
import {
  ServerToViewerFrame,
  ViewerFrame,
  isRtcRequest,
} from '../../src/shared/contract/audience-protocol';
import { initialViewerState, viewerReducer } from '../../src/renderer/viewer/viewer-state';
import {
  pickVideoCodec,
  webrtcVideoBitrate,
} from '../../src/renderer/studio/screens/broadcast/webrtc-encoding';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':');
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('WebRTC signalling frames from viewers', () => {
  it('accepts what mediasoup-client sends', () => {
    const frames = [
      { type: 'rtc.caps', id: 'abcdefgh1' },
      { type: 'rtc.transport', id: 'abcdefgh2' },
      {
        type: 'rtc.connect',
        id: 'abcdefgh3',
        transportId: ID,
        dtlsParameters: {
          role: 'client',
          fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }],
        },
      },
      {
        type: 'rtc.consume',
        id: 'abcdefgh4',
        transportId: ID,
        rtpCapabilities: {
          codecs: [
            {
              kind: 'video',
              mimeType: 'video/H264',
              preferredPayloadType: 102,
              clockRate: 90_000,
              parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
              rtcpFeedback: [
                { type: 'nack', parameter: '' },
                { type: 'nack', parameter: 'pli' },
              ],
            },
          ],
          headerExtensions: [
            {
              kind: 'video',
              uri: 'urn:ietf:params:rtp-hdrext:sdes:mid',
              preferredId: 1,
              direction: 'sendrecv',
            },
          ],
        },
      },
      { type: 'rtc.resume', id: 'abcdefgh5', consumerIds: [ID] },
      { type: 'rtc.close', id: 'abcdefgh6' },
    ];
    for (const frame of frames) {
      const parsed = ViewerFrame.parse(frame);
      expect(isRtcRequest(parsed)).toBe(true);
    }
    expect(isRtcRequest(ViewerFrame.parse({ type: 'ping', t: 1 }))).toBe(false);
  });

  it('refuses what a hostile page could send', () => {
    const bad = [
      // Unknown fields, wrong ids, oversized lists, bad fingerprints, scripts in codec names.
      { type: 'rtc.caps', id: 'abcdefgh1', extra: true },
      {
        type: 'rtc.connect',
        id: 'abcdefgh3',
        transportId: '../etc',
        dtlsParameters: { fingerprints: [] },
      },
      {
        type: 'rtc.connect',
        id: 'abcdefgh3',
        transportId: ID,
        dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: FINGERPRINT }] },
      },
      {
        type: 'rtc.connect',
        id: 'abcdefgh3',
        transportId: ID,
        dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'not hex' }] },
      },
      {
        type: 'rtc.consume',
        id: 'abcdefgh4',
        transportId: ID,
        rtpCapabilities: {
          codecs: [
            { kind: 'video', mimeType: '<script>', preferredPayloadType: 96, clockRate: 90_000 },
          ],
        },
      },
      {
        type: 'rtc.consume',
        id: 'abcdefgh4',
        transportId: ID,
        rtpCapabilities: {
          codecs: Array.from({ length: 65 }, () => ({
            kind: 'audio',
            mimeType: 'audio/opus',
            preferredPayloadType: 100,
            clockRate: 48_000,
          })),
        },
      },
      { type: 'rtc.resume', id: 'abcdefgh5', consumerIds: [ID, ID, ID, ID, ID] },
    ];
    for (const frame of bad) expect(ViewerFrame.safeParse(frame).success).toBe(false);
  });

  it('keeps fields a newer mediasoup adds in what pages parse', () => {
    const frame = ServerToViewerFrame.parse({
      type: 'rtc.caps',
      id: 'abcdefgh1',
      rtpCapabilities: {
        codecs: [
          {
            kind: 'audio',
            mimeType: 'audio/opus',
            preferredPayloadType: 100,
            clockRate: 48_000,
            future: 1,
          },
        ],
      },
    });
    expect(frame).toMatchObject({ rtpCapabilities: { codecs: [{ future: 1 }] } });
  });
});

describe('viewer page state', () => {
  it('learns from the welcome whether the class is offered over WebRTC', () => {
    expect(initialViewerState.webrtc).toBe(false);
    const base = {
      type: 'welcome' as const,
      viewerId: 'v1',
      session: {
        title: 'Class',
        courseTitle: null,
        phase: 'live' as const,
        startedAt: 1,
        chatOpen: true,
        slowModeSeconds: 0,
      },
      state: {
        chat: [],
        questions: [],
        poll: null,
        offer: null,
        checkin: null,
        announcement: null,
        reactions: { like: 0, heart: 0, clap: 0, laugh: 0, wow: 0 },
        handRaised: false,
        viewers: 1,
      },
    };
    const offered = viewerReducer(initialViewerState, {
      type: 'frame',
      frame: { ...base, webrtc: true },
    });
    expect(offered.webrtc).toBe(true);
    // An older server says nothing: HTTP.
    expect(viewerReducer(initialViewerState, { type: 'frame', frame: base }).webrtc).toBe(false);
    // Signalling pushes never reach the page's notices.
    const after = viewerReducer(offered, {
      type: 'frame',
      frame: { type: 'rtc.closed', reason: 'worker-failed' },
    });
    expect(after).toBe(offered);
  });
});

describe('the studio publisher', () => {
  const codec = (mimeType: string, parameters: Record<string, unknown> = {}) => ({
    kind: 'video' as const,
    mimeType,
    preferredPayloadType: 96,
    clockRate: 90_000,
    parameters,
  });

  it('sends H.264 Constrained Baseline when the browser can, else VP8, never B-frame profiles', () => {
    const vp8 = codec('video/VP8');
    const baseline = codec('video/H264', { 'packetization-mode': 1, 'profile-level-id': '42e01f' });
    const high = codec('video/H264', { 'packetization-mode': 1, 'profile-level-id': '640032' });
    const singleNal = codec('video/H264', {
      'packetization-mode': 0,
      'profile-level-id': '42e01f',
    });
    expect(pickVideoCodec([vp8, high, baseline])).toBe(baseline);
    expect(pickVideoCodec([high, singleNal, vp8])).toBe(vp8);
    expect(pickVideoCodec([high])).toBeUndefined();
    expect(pickVideoCodec(undefined)).toBeUndefined();
  });

  it('keeps the WebRTC bitrate below the recording and within what a LAN phone takes', () => {
    expect(webrtcVideoBitrate(2_500_000)).toBe(1_500_000);
    expect(webrtcVideoBitrate(5_000_000)).toBe(3_000_000);
  });
});
