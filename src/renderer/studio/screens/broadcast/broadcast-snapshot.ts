import type { DiskSpace, RecordingInfo } from '../../../../shared/contract/broadcast-api';
import type { SessionId } from '../../../../shared/model/ids';
import { remembered, rememberedCards } from './broadcast-prefs';
import type { HttpFeedStatus } from './http-feed';
import type { LiveCardChoice } from './live-cards';
import type { Overlay, ResolutionId, SceneId } from './program';
import { pickRecorderType } from './recorder';
import { IDLE_PUBLISH_STATUS, type PublishStatus } from './webrtc-publisher';

// The BroadcastController's state as React reads it, and where it starts.

export type DeviceKind = 'videoinput' | 'audioinput';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface BroadcastSnapshot {
  phase: 'idle' | 'starting' | 'live' | 'stopping';
  sessionId: SessionId | null;
  recording: RecordingInfo | null;
  /** Local clock when the recorder started (for the elapsed time). */
  liveSince: number | null;
  error: string | null;
  scene: SceneId;
  resolution: ResolutionId;
  overlay: Overlay;
  /** Which of the live panel's cards go on the picture. */
  liveCards: LiveCardChoice;
  /** How many cards are on the picture now. */
  liveCardsShown: number;
  /** A clock burned into the picture, for measuring delay. */
  timecode: boolean;
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  cameraId: string | null;
  microphoneId: string | null;
  cameraError: string | null;
  microphoneError: string | null;
  screenActive: boolean;
  screenHasAudio: boolean;
  screenError: string | null;
  muted: boolean;
  micGain: number;
  displayGain: number;
  recorderType: string | null;
  /** WebRTC delivery: whether the program is published to the core's SFU, and why not. */
  webrtc: PublishStatus;
  /** The HTTP stream's low-latency feed (http-feed.ts). */
  httpFeed: HttpFeedStatus;
  health: {
    fps: number;
    dropped: number;
    bytesSent: number;
    pendingChunks: number;
    bitrate: number;
    httpViewers: number;
    /** HTTP viewers on the low-latency feed. */
    httpOnFeed: number;
    httpSkips: number;
    webrtcViewers: number;
    disk: DiskSpace | null;
  };
}

export const STORE = {
  camera: 'encore.broadcast.camera',
  microphone: 'encore.broadcast.microphone',
  scene: 'encore.broadcast.scene',
  resolution: 'encore.broadcast.resolution',
  liveCards: 'encore.broadcast.liveCards',
} as const;

/** Live-state refetches after a change event, at most this often (the core already coalesces). */
export const CARDS_REFETCH_MS = 250;

export const VIDEO_BITRATE: Record<ResolutionId, number> = {
  '720p': 2_500_000,
  '1080p': 5_000_000,
  portrait: 5_000_000,
};

/** The state before anything happened: the remembered choices, nothing open yet. */
export function initialSnapshot(): BroadcastSnapshot {
  const scene = remembered(STORE.scene);
  const resolution = remembered(STORE.resolution);
  return {
    phase: 'idle',
    sessionId: null,
    recording: null,
    liveSince: null,
    error: null,
    scene: scene === 'camera' || scene === 'screen' || scene === 'pip' ? scene : 'pip',
    resolution:
      resolution === '1080p' || resolution === 'portrait' || resolution === '720p'
        ? resolution
        : '720p',
    overlay: { visible: false, title: '', subtitle: '' },
    liveCards: rememberedCards(STORE.liveCards),
    liveCardsShown: 0,
    timecode: false,
    cameras: [],
    microphones: [],
    cameraId: remembered(STORE.camera),
    microphoneId: remembered(STORE.microphone),
    cameraError: null,
    microphoneError: null,
    screenActive: false,
    screenHasAudio: false,
    screenError: null,
    muted: false,
    micGain: 1,
    displayGain: 1,
    recorderType: pickRecorderType(),
    webrtc: IDLE_PUBLISH_STATUS,
    httpFeed: { state: 'off', detail: null },
    health: {
      fps: 0,
      dropped: 0,
      bytesSent: 0,
      pendingChunks: 0,
      bitrate: 0,
      httpViewers: 0,
      httpOnFeed: 0,
      httpSkips: 0,
      webrtcViewers: 0,
      disk: null,
    },
  };
}
