/**
 * A second viewer of the studio's HTTP stream, in Node (the bench's own process, where the core
 * runs too): for every fragment the fan-out sends, when it arrived and which media it carries
 * (the video track's tfdt and sample durations from moof/traf/trun, in ms). With the viewer
 * probe's mapping from media time to the burned-in clock, that is the age of a fragment's
 * first and last frame when the core hands it out.
 */
import { WebSocket } from 'ws';

export interface TappedFragment {
  /** Wall-clock ms the fragment arrived. */
  at: number;
  /** Media time (ms) of its first video sample and the video it carries. */
  startMs: number;
  durationMs: number;
  samples: number;
  bytes: number;
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function boxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Box[] = [];
  // Bounded by the bytes: every box is at least 8 long.
  for (let at = from; at + 8 <= to;) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > to) break;
    out.push({
      type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)),
      start: at,
      end: at + size,
    });
    at += size;
  }
  return out;
}

function find(bytes: Uint8Array, parent: Box | null, type: string, header = 8): Box | undefined {
  const from = parent ? parent.start + header : 0;
  return boxes(bytes, from, parent ? parent.end : bytes.byteLength).find((b) => b.type === type);
}

interface VideoTrack {
  id: number;
  timescale: number;
  defaultDuration: number;
}

/** The video track's id, timescale (mdhd) and trex default sample duration. */
export function videoTrack(init: Uint8Array): VideoTrack | null {
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const moov = find(init, null, 'moov');
  if (!moov) return null;
  for (const trak of boxes(init, moov.start + 8, moov.end).filter((b) => b.type === 'trak')) {
    const tkhd = find(init, trak, 'tkhd');
    const mdia = find(init, trak, 'mdia');
    const mdhd = mdia ? find(init, mdia, 'mdhd') : undefined;
    const hdlr = mdia ? find(init, mdia, 'hdlr') : undefined;
    if (!tkhd || !mdhd || !hdlr) continue;
    if (String.fromCharCode(...init.subarray(hdlr.start + 16, hdlr.start + 20)) !== 'vide')
      continue;
    const id = view.getUint32(tkhd.start + ((init[tkhd.start + 8] ?? 0) === 1 ? 28 : 20));
    const timescale = view.getUint32(mdhd.start + ((init[mdhd.start + 8] ?? 0) === 1 ? 28 : 20));
    let defaultDuration = 0;
    const mvex = find(init, moov, 'mvex');
    for (const trex of mvex ? boxes(init, mvex.start + 8, mvex.end) : []) {
      if (trex.type === 'trex' && view.getUint32(trex.start + 12) === id)
        defaultDuration = view.getUint32(trex.start + 20);
    }
    return { id, timescale, defaultDuration };
  }
  return null;
}

/** The video track's start and duration (ms) and sample count in one moof+mdat fragment. */
export function fragmentVideo(
  bytes: Uint8Array,
  track: VideoTrack,
): { startMs: number; durationMs: number; samples: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const moof = find(bytes, null, 'moof');
  if (!moof) return null;
  for (const traf of boxes(bytes, moof.start + 8, moof.end).filter((b) => b.type === 'traf')) {
    const tfhd = find(bytes, traf, 'tfhd');
    const tfdt = find(bytes, traf, 'tfdt');
    const trun = find(bytes, traf, 'trun');
    if (!tfhd || !tfdt || !trun || view.getUint32(tfhd.start + 12) !== track.id) continue;
    const tfhdFlags = view.getUint32(tfhd.start + 8) & 0xff_ffff;
    let p = tfhd.start + 16;
    if (tfhdFlags & 0x1) p += 8;
    if (tfhdFlags & 0x2) p += 4;
    let duration = track.defaultDuration;
    if (tfhdFlags & 0x8) duration = view.getUint32(p);
    const start =
      (bytes[tfdt.start + 8] ?? 0) === 1
        ? Number(view.getBigUint64(tfdt.start + 12))
        : view.getUint32(tfdt.start + 12);
    const flags = view.getUint32(trun.start + 8) & 0xff_ffff;
    const count = view.getUint32(trun.start + 12);
    let q = trun.start + 16 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
    const per =
      (flags & 0x100 ? 4 : 0) +
      (flags & 0x200 ? 4 : 0) +
      (flags & 0x400 ? 4 : 0) +
      (flags & 0x800 ? 4 : 0);
    let total = 0;
    for (let i = 0; i < count && q + per <= trun.end; i += 1, q += per)
      total += flags & 0x100 ? view.getUint32(q) : duration;
    const ms = (ticks: number): number => (ticks * 1_000) / track.timescale;
    return { startMs: ms(start), durationMs: ms(total), samples: count };
  }
  return null;
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
