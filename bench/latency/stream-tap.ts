/**
 * A second viewer of the studio's HTTP stream, in Node (the bench's own process, where the core
 * runs too): for every fragment the fan-out sends, when it arrived and which media it carries
 * (the video track's tfdt and sample durations from moof/traf/trun, in ms). With the viewer
 * probe's mapping from media time to the burned-in clock, that is the age of a fragment's
 * first and last frame when the core hands it out.
 */
import { WebSocket } from 'ws';
import {
  child,
  fragmentVideoTiming,
  readMoov,
  type MoovInfo,
} from '../../src/main/media/http-stream/mp4-boxes';

export interface TappedFragment {
  /** Wall-clock ms the fragment arrived. */
  at: number;
  /** Media time (ms) of its first video sample and the video it carries. */
  startMs: number;
  durationMs: number;
  samples: number;
  bytes: number;
}

export interface VideoTrack {
  /** The init segment's tracks (`videoTrackId` is set: `videoTrack` checks). */
  moov: MoovInfo;
  /** The video track's mdhd timescale (ticks per second). */
  timescale: number;
}

/** The video track of an init segment (ftyp+moov), or null when it has none with a timescale. */
export function videoTrack(init: Uint8Array): VideoTrack | null {
  const moov = child(init, 'moov', 0);
  if (!moov) return null;
  const info = readMoov(moov.bytes);
  const timescale = info.videoTrackId === null ? 0 : (info.timescales.get(info.videoTrackId) ?? 0);
  return timescale > 0 ? { moov: info, timescale } : null;
}

/** The video track's start and duration (ms) and sample count in one moof+mdat fragment. */
export function fragmentVideo(
  bytes: Uint8Array,
  track: VideoTrack,
): { startMs: number; durationMs: number; samples: number } | null {
  const moof = child(bytes, 'moof', 0);
  const timing = moof ? fragmentVideoTiming(moof.bytes, track.moov) : null;
  if (!timing) return null;
  const total = timing.durations.reduce((sum, d) => sum + d, 0);
  const ms = (ticks: number): number => (ticks * 1_000) / track.timescale;
  return {
    startMs: ms(timing.decodeTime),
    durationMs: ms(total),
    samples: timing.durations.length,
  };
}

/** Connects to the stream and records every fragment until `stop()`. */
export function tapStream(url: string): {
  stop: () => TappedFragment[];
  error: () => string | null;
} {
  const fragments: TappedFragment[] = [];
  let track: VideoTrack | null = null;
  let initNext = false;
  let error: string | null = null;
  let recording = true;
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  ws.on('error', (e) => {
    error = e.message;
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      initNext = String(data).includes('"init"');
      return;
    }
    const at = Date.now();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (initNext) {
      initNext = false;
      track = videoTrack(bytes);
      return;
    }
    if (!track || !recording) return;
    const video = fragmentVideo(bytes, track);
    if (video) fragments.push({ at, bytes: bytes.byteLength, ...video });
  });
  return {
    error: () => error,
    stop: () => {
      recording = false;
      ws.terminate();
      return fragments;
    },
  };
}
