/**
 * Just enough ISO-BMFF (MP4) parsing to cut MediaRecorder's fragmented MP4 into an init segment
 * (ftyp+moov) and media fragments (moof+mdat), to tell whether a fragment starts on a keyframe,
 * and to name the codecs for Media Source Extensions. Chunks arrive split anywhere, so the
 * scanner is incremental. Hand-written rather than mp4box (DESIGN.md §12) because we read four
 * fields of four box types on a hot path and must not add a dependency in this change; switching
 * to mp4box later is a local change behind `Mp4Segmenter`.
 */

export interface Mp4Box {
  type: string;
  /** Offset of the box in the whole stream. */
  start: number;
  bytes: Uint8Array;
}

/** Largest top-level box we hold in memory while it arrives (an mdat of a long fragment). */
export const MP4_BOX_MAX_BYTES = 64 * 1024 * 1024;

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(
    bytes[at] ?? 0,
    bytes[at + 1] ?? 0,
    bytes[at + 2] ?? 0,
    bytes[at + 3] ?? 0,
  );
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Size of the box starting at `at`, its header length, or null when not yet known. */
function boxSize(
  bytes: Uint8Array,
  at: number,
): { size: number; header: number } | null | 'invalid' {
  if (bytes.byteLength - at < 8) return null;
  const v = view(bytes);
  const size32 = v.getUint32(at);
  if (size32 === 1) {
    if (bytes.byteLength - at < 16) return null;
    const size = Number(v.getBigUint64(at + 8));
    return size < 16 ? 'invalid' : { size, header: 16 };
  }
  // size 0 ("to the end of the file") cannot be cut out of a live stream.
  if (size32 < 8) return 'invalid';
  return { size: size32, header: 8 };
}

/** Splits a byte stream into complete top-level boxes, whatever the chunk boundaries. */
export class Mp4BoxScanner {
  #pending: Uint8Array = new Uint8Array(0);
  #consumed = 0;
  #broken = false;

  /** Bytes of the stream that ended on a complete top-level box. */
  get boundary(): number {
    return this.#consumed;
  }

  /** True once the stream stopped looking like MP4 boxes; nothing more is emitted. */
  get broken(): boolean {
    return this.#broken;
  }

  push(chunk: Uint8Array): Mp4Box[] {
    if (this.#broken) return [];
    const data = this.#pending.byteLength === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const boxes: Mp4Box[] = [];
    let at = 0;
    for (;;) {
      const size = boxSize(data, at);
      if (size === 'invalid' || (size !== null && size.size > MP4_BOX_MAX_BYTES)) {
        this.#broken = true;
        this.#pending = new Uint8Array(0);
        return boxes;
      }
      if (size === null || data.byteLength - at < size.size) break;
      boxes.push({
        type: fourcc(data, at + 4),
        start: this.#consumed,
        bytes: data.slice(at, at + size.size),
      });
      this.#consumed += size.size;
      at += size.size;
    }
    this.#pending = data.slice(at);
    return boxes;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The child boxes inside `bytes[from, to)`. */
function children(bytes: Uint8Array, from: number, to = bytes.byteLength): Mp4Box[] {
  const out: Mp4Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    const size = boxSize(bytes, at);
    if (size === null || size === 'invalid' || at + size.size > to) break;
    out.push({ type: fourcc(bytes, at + 4), start: at, bytes: bytes.subarray(at, at + size.size) });
    at += size.size;
  }
  return out;
}

/** The first child box of `type` from `from` on (8: inside a box's header; 0: top level). */
export function child(bytes: Uint8Array, type: string, from = 8): Mp4Box | undefined {
  return children(bytes, from).find((box) => box.type === type);
}

export interface MoovInfo {
  /** `codecs` for MSE, e.g. `avc1.42C01F,opus`; entries we cannot name are left out. */
  codecs: string[];
  videoTrackId: number | null;
  /** trex default_sample_flags per track. */
  defaultFlags: Map<number, number>;
  /** mdhd timescale (ticks per second) per track. */
  timescales: Map<number, number>;
  /** trex default_sample_duration per track, in the track's timescale. */
  defaultDurations: Map<number, number>;
}

/** Reads track ids, handler types, codecs, timescales and trex defaults from a moov box. */
export function readMoov(moov: Uint8Array): MoovInfo {
  const info: MoovInfo = {
    codecs: [],
    videoTrackId: null,
    defaultFlags: new Map(),
    timescales: new Map(),
    defaultDurations: new Map(),
  };
  for (const trak of children(moov, 8).filter((box) => box.type === 'trak')) {
    const tkhd = child(trak.bytes, 'tkhd');
    const mdia = child(trak.bytes, 'mdia');
    const handler = mdia ? child(mdia.bytes, 'hdlr') : undefined;
    if (!tkhd || tkhd.bytes.byteLength < 32) continue;
    const version = tkhd.bytes[8] ?? 0;
    const trackId = view(tkhd.bytes).getUint32(version === 1 ? 28 : 20);
    const handlerType = handler && handler.bytes.byteLength >= 20 ? fourcc(handler.bytes, 16) : '';
    if (handlerType === 'vide' && info.videoTrackId === null) info.videoTrackId = trackId;
    const mdhd = mdia ? child(mdia.bytes, 'mdhd') : undefined;
    const timescaleAt = (mdhd?.bytes[8] ?? 0) === 1 ? 28 : 20;
    if (mdhd && mdhd.bytes.byteLength >= timescaleAt + 4)
      info.timescales.set(trackId, view(mdhd.bytes).getUint32(timescaleAt));
    const minf = mdia ? child(mdia.bytes, 'minf') : undefined;
    const stbl = minf ? child(minf.bytes, 'stbl') : undefined;
    const stsd = stbl ? child(stbl.bytes, 'stsd') : undefined;
    const entry = stsd ? children(stsd.bytes, 16)[0] : undefined;
    const codec = entry ? codecName(entry) : null;
    if (codec) info.codecs.push(codec);
  }
  const mvex = child(moov, 'mvex');
  for (const trex of mvex ? children(mvex.bytes, 8).filter((b) => b.type === 'trex') : []) {
    if (trex.bytes.byteLength < 32) continue;
    const v = view(trex.bytes);
    info.defaultFlags.set(v.getUint32(12), v.getUint32(28));
    info.defaultDurations.set(v.getUint32(12), v.getUint32(20));
  }
  return info;
}

const VIDEO_ENTRY_HEADER = 8 + 78;

function codecName(entry: Mp4Box): string | null {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
  switch (entry.type) {
    case 'avc1':
    case 'avc3': {
      const avcC = child(entry.bytes, 'avcC', VIDEO_ENTRY_HEADER);
      if (!avcC || avcC.bytes.byteLength < 12) return entry.type;
      const b = avcC.bytes;
      return `${entry.type}.${hex(b[9] ?? 0)}${hex(b[10] ?? 0)}${hex(b[11] ?? 0)}`;
    }
    case 'Opus':
      return 'opus';
    case 'mp4a':
      // AAC-LC: what every encoder we meet writes; good enough for isTypeSupported.
      return 'mp4a.40.2';
    case 'vp09':
      return 'vp09.00.10.08';
    case 'av01':
      return 'av01.0.04M.08';
    default:
      return null;
  }
}

const NON_SYNC = 0x0001_0000;

/**
 * Whether a moof's first video sample is a sync sample (a keyframe). A fragment without video,
 * or whose flags we cannot read, counts as a keyframe: better a join that starts one GOP early
 * (the decoder waits for the next keyframe) than one that never starts.
 */
export function fragmentStartsWithKeyframe(moof: Uint8Array, moov: MoovInfo): boolean {
  for (const traf of children(moof, 8).filter((box) => box.type === 'traf')) {
    const tfhd = child(traf.bytes, 'tfhd');
    const trun = child(traf.bytes, 'trun');
    if (!tfhd || !trun || tfhd.bytes.byteLength < 16) continue;
    const th = view(tfhd.bytes);
    const tfhdFlags = th.getUint32(8) & 0xff_ffff;
    const trackId = th.getUint32(12);
    if (moov.videoTrackId !== null && trackId !== moov.videoTrackId) continue;
    let at = 16;
    if (tfhdFlags & 0x1) at += 8;
    if (tfhdFlags & 0x2) at += 4;
    if (tfhdFlags & 0x8) at += 4;
    if (tfhdFlags & 0x10) at += 4;
    let flags = moov.defaultFlags.get(trackId) ?? 0;
    if (tfhdFlags & 0x20 && tfhd.bytes.byteLength >= at + 4) flags = th.getUint32(at);

    const tr = view(trun.bytes);
    if (trun.bytes.byteLength < 16) return true;
    const trunFlags = tr.getUint32(8) & 0xff_ffff;
    const count = tr.getUint32(12);
    if (count === 0) continue;
    let p = 16;
    if (trunFlags & 0x1) p += 4;
    if (trunFlags & 0x4) {
      if (trun.bytes.byteLength < p + 4) return true;
      flags = tr.getUint32(p);
    } else if (trunFlags & 0x400) {
      if (trunFlags & 0x100) p += 4;
      if (trunFlags & 0x200) p += 4;
      if (trun.bytes.byteLength < p + 4) return true;
      flags = tr.getUint32(p);
    }
    return (flags & NON_SYNC) === 0;
  }
  return true;
}

/**
 * Each sample's duration in a trun box (in its track's timescale): the trun's own per-sample
 * duration when it carries one, else `defaultDuration` (tfhd's, else trex's). Samples whose
 * entries run past the box's end are left out.
 */
export function trunSampleDurations(trun: Uint8Array, defaultDuration: number): number[] {
  if (trun.byteLength < 16) return [];
  const tr = view(trun);
  const flags = tr.getUint32(8) & 0xff_ffff;
  const count = tr.getUint32(12);
  let p = 16 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
  let per = 0;
  for (const field of [0x100, 0x200, 0x400, 0x800]) if (flags & field) per += 4;
  const durations: number[] = [];
  for (let i = 0; i < count && p + per <= trun.byteLength; i += 1, p += per)
    durations.push(flags & 0x100 ? tr.getUint32(p) : defaultDuration);
  return durations;
}

export interface FragmentTiming {
  trackId: number;
  /** tfdt's baseMediaDecodeTime: the first sample's decode time, in the track's timescale. */
  decodeTime: number;
  /** Each sample's duration, in the track's timescale (`trunSampleDurations`). */
  durations: number[];
}

/**
 * The video track's decode time and sample durations in a moof (its first traf of the video
 * track), or null when the moof has no video traf with tfhd, tfdt and trun.
 */
export function fragmentVideoTiming(moof: Uint8Array, moov: MoovInfo): FragmentTiming | null {
  for (const traf of children(moof, 8).filter((box) => box.type === 'traf')) {
    const tfhd = child(traf.bytes, 'tfhd');
    const tfdt = child(traf.bytes, 'tfdt');
    const trun = child(traf.bytes, 'trun');
    if (!tfhd || !tfdt || !trun || tfhd.bytes.byteLength < 16) continue;
    const th = view(tfhd.bytes);
    const trackId = th.getUint32(12);
    if (trackId !== moov.videoTrackId) continue;
    const version = tfdt.bytes[8] ?? 0;
    if (tfdt.bytes.byteLength < (version === 1 ? 20 : 16)) continue;
    const td = view(tfdt.bytes);
    const decodeTime = version === 1 ? Number(td.getBigUint64(12)) : td.getUint32(12);
    const tfhdFlags = th.getUint32(8) & 0xff_ffff;
    const durationAt = 16 + (tfhdFlags & 0x1 ? 8 : 0) + (tfhdFlags & 0x2 ? 4 : 0);
    const defaultDuration =
      tfhdFlags & 0x8 && tfhd.bytes.byteLength >= durationAt + 4
        ? th.getUint32(durationAt)
        : (moov.defaultDurations.get(trackId) ?? 0);
    return { trackId, decodeTime, durations: trunSampleDurations(trun.bytes, defaultDuration) };
  }
  return null;
}

export type Mp4Segment =
  | { kind: 'init'; bytes: Uint8Array; codecs: string[] }
  | { kind: 'fragment'; bytes: Uint8Array; key: boolean; start: number; end: number };

/** Boxes that may sit in front of a moof and belong to its fragment. */
const FRAGMENT_PREFIX = new Set(['styp', 'sidx', 'ssix', 'prft', 'emsg']);

/**
 * Turns MediaRecorder's fragmented MP4 chunks into an init segment and complete fragments. A
 * fragment is [prefix boxes] moof mdat; it is emitted when its mdat is complete.
 */
export class Mp4Segmenter {
  readonly #scanner = new Mp4BoxScanner();
  #initParts: Uint8Array[] = [];
  #moov: MoovInfo | null = null;
  #fragment: Mp4Box[] = [];
  #hasMoof = false;

  get broken(): boolean {
    return this.#scanner.broken;
  }

  /** Stream offset up to which the bytes form complete boxes (a clean place to cut a file). */
  get boundary(): number {
    return this.#scanner.boundary;
  }

  push(chunk: Uint8Array): Mp4Segment[] {
    const out: Mp4Segment[] = [];
    for (const box of this.#scanner.push(chunk)) {
      if (box.type === 'ftyp') {
        this.#initParts = [box.bytes];
        this.#moov = null;
      } else if (box.type === 'moov') {
        this.#initParts.push(box.bytes);
        this.#moov = readMoov(box.bytes);
        out.push({
          kind: 'init',
          bytes: concatBytes(this.#initParts),
          codecs: this.#moov.codecs,
        });
        this.#fragment = [];
        this.#hasMoof = false;
      } else if (FRAGMENT_PREFIX.has(box.type) && !this.#hasMoof) {
        this.#fragment.push(box);
      } else if (box.type === 'moof') {
        if (this.#hasMoof) this.#fragment = [];
        this.#fragment.push(box);
        this.#hasMoof = true;
      } else if (box.type === 'mdat' && this.#hasMoof && this.#moov) {
        this.#fragment.push(box);
        const moof = this.#fragment.find((b) => b.type === 'moof');
        const first = this.#fragment[0];
        out.push({
          kind: 'fragment',
          bytes: concatBytes(this.#fragment.map((b) => b.bytes)),
          key: moof ? fragmentStartsWithKeyframe(moof.bytes, this.#moov) : true,
          start: first?.start ?? box.start,
          end: box.start + box.bytes.byteLength,
        });
        this.#fragment = [];
        this.#hasMoof = false;
      }
      // Anything else (free, skip, mfra, an mdat without its moof) is not needed for playback.
    }
    return out;
  }
}

/** `video/mp4; codecs="…"` for MediaSource.isTypeSupported and addSourceBuffer. */
export function mseMimeType(codecs: readonly string[]): string {
  return codecs.length > 0 ? `video/mp4; codecs="${codecs.join(',')}"` : 'video/mp4';
}
