/**
 * The HTTP stream's low-latency feed (stream-fanout.ts) is MediaRecorder WebM: one Segment and
 * Clusters, both usually of unknown size, a Cluster per keyframe. This follows it as it comes and
 * says what a viewer needs: the init segment (everything before the first Cluster: EBML header,
 * Segment header, Info, Tracks) and the media after it, marked where a Cluster starts and whether
 * that Cluster starts on a video keyframe (a joiner, or a viewer skipped forward, begins there).
 *
 * Media is handed on as soon as it is read, not at a Cluster's end: that is the feed's point.
 * Only element headers are read, and of blocks only the track number and flags of the first video
 * block in each Cluster; the bytes of a Cluster's start wait for that block (a frame at most).
 */

import { concatBytes, EMPTY_BYTES } from '../outputs/framer-pieces';
import {
  CLUSTER,
  EBML_HEADER,
  readElementHeader,
  readVint,
  type ElementHeader,
  SEGMENT,
  SEGMENT_CHILDREN,
  TRACKS,
} from '../outputs/webm-framer';

export type WebmSegment =
  | { kind: 'init'; bytes: Uint8Array; mimeType: string }
  | { kind: 'media'; bytes: Uint8Array; clusterStart: boolean; key: boolean };

const TRACK_ENTRY = 0xae;
const TRACK_NUMBER = 0xd7;
const TRACK_TYPE = 0x83;
const CODEC_ID = 0x86;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const VIDEO_TRACK_TYPE = 1;
/** More than this before the first Cluster is not a recorder's header. */
const MAX_INIT_BYTES = 1024 * 1024;
/** A Cluster's start is held for its first video block up to this many bytes. */
const MAX_HELD_BYTES = 4 * 1024 * 1024;
/** Matroska codec ids and their names in an MSE type. */
const CODEC_NAMES: Record<string, string> = {
  V_VP8: 'vp8',
  V_VP9: 'vp9',
  V_AV1: 'av01',
  A_OPUS: 'opus',
  A_VORBIS: 'vorbis',
};

export class WebmSegmenter {
  /** Bytes read but not yet handed on; `#pos` is how far they are parsed. */
  #buf: Uint8Array = EMPTY_BYTES;
  #pos = 0;
  /** Body bytes still to pass over before the next element header. */
  #skip = 0;
  #level: 'top' | 'segment' | 'cluster' = 'top';
  /** Bytes left in a Cluster of known size (Infinity when its size is unknown). */
  #clusterLeft = Infinity;
  #initDone = false;
  #videoTrack: number | null = null;
  /** A Cluster began at the start of `#buf` and its first video block is not read yet. */
  #holding = false;
  /** The next piece handed on starts a Cluster (and whether on a keyframe). */
  #startsCluster = false;
  #key = false;
  #broken: string | null = null;

  /** Why the stream could not be followed (then nothing more comes out). */
  get broken(): string | null {
    return this.#broken;
  }

  push(chunk: Uint8Array): WebmSegment[] {
    if (this.broken !== null || chunk.length === 0) return [];
    const out: WebmSegment[] = [];
    this.#buf = concatBytes(this.#buf, chunk);
    this.#parse(out);
    if (this.#broken !== null) return out;
    if (!this.#initDone) {
      if (this.#buf.length > MAX_INIT_BYTES) this.#broken = 'no WebM Cluster in the first 1 MB';
      return out;
    }
    // A Cluster whose video never comes (the camera stopped) is not held without bound.
    if (this.#holding && this.#buf.length > MAX_HELD_BYTES) this.#decide(false);
    if (!this.#holding) this.#emit(out, this.#pos);
    return out;
  }

  #parse(out: WebmSegment[]): void {
    for (;;) {
      if (this.#skip > 0) {
        const take = Math.min(this.#skip, this.#buf.length - this.#pos);
        this.#skip -= take;
        this.#pos += take;
        if (this.#skip > 0) return;
      }
      const header = readElementHeader(this.#buf, this.#pos);
      if (header === null) return;
      if (header === 'invalid') {
        this.#broken = 'not a WebM element header';
        return;
      }
      if (!this.#element(header, out)) return;
    }
  }

  /** Handles one element header at `#pos`; false to wait for more bytes (or when broken). */
  #element(header: ElementHeader, out: WebmSegment[]): boolean {
    const start = this.#pos;
    const body = start + header.length;
    const known = header.size >= 0;
    if (this.#level === 'top') {
      if (header.id === SEGMENT) {
        this.#level = 'segment';
        this.#pos = body;
        return true;
      }
      return this.#pass(header, body);
    }
    if (this.#level === 'cluster') {
      if (SEGMENT_CHILDREN.has(header.id) || header.id === EBML_HEADER) {
        // An unknown-size Cluster ends where the next Segment-level element begins.
        this.#endCluster();
        this.#level = 'segment';
        return this.#element(header, out);
      }
      const block = header.id === SIMPLE_BLOCK || header.id === BLOCK_GROUP;
      if (this.#holding && block && this.#firstBlock(header, body) === null) return false;
      if (!known) {
        this.#broken = 'a WebM Cluster child of unknown size';
        return false;
      }
      this.#clusterLeft -= header.length + header.size;
      if (this.#clusterLeft <= 0) {
        // A Cluster of known size ends with its last child.
        this.#endCluster();
        this.#level = 'segment';
      }
      this.#pos = body;
      this.#skip = header.size;
      return true;
    }
    // Segment level.
    if (header.id === CLUSTER) {
      if (!this.#initDone) {
        this.#readTracks(this.#buf.slice(0, start), out);
        this.#initDone = true;
        this.#dropEmitted(start);
      } else {
        this.#endCluster();
        this.#emit(out, start);
      }
      this.#holding = true;
      this.#level = 'cluster';
      this.#clusterLeft = known ? header.size : Infinity;
      this.#pos = header.length;
      return true;
    }
    if (header.id === EBML_HEADER) {
      this.#broken = 'a second WebM stream inside the first';
      return false;
    }
    return this.#pass(header, body);
  }

  /** Passes over an element of known size. */
  #pass(header: ElementHeader, body: number): boolean {
    if (header.size < 0) {
      this.#broken = 'a WebM element of unknown size outside a Cluster';
      return false;
    }
    this.#pos = body;
    this.#skip = header.size;
    return true;
  }

  /**
   * The Cluster's first block of the video track (or any block when there is no video) says
   * whether the Cluster starts on a keyframe. null: its header bytes have not all come yet.
   */
  #firstBlock(header: ElementHeader, body: number): boolean | null {
    if (header.id === BLOCK_GROUP) {
      // A BlockGroup carries references: not a keyframe a viewer can begin at.
      this.#decide(false);
      return false;
    }
    const track = readVint(this.#buf, body, 8, false);
    if (track === null) return null;
    if (track === 'invalid') return this.#decide(false);
    const flags = this.#buf[body + track.length + 2];
    if (flags === undefined) return null;
    if (this.#videoTrack !== null && track.value !== this.#videoTrack) return false;
    return this.#decide((flags & 0x80) !== 0);
  }

  #decide(key: boolean): boolean {
    this.#holding = false;
    this.#startsCluster = true;
    this.#key = key;
    return key;
  }

  /** A Cluster with no video block ends: start-able only when the stream has no video. */
  #endCluster(): void {
    if (this.#holding) this.#decide(this.#videoTrack === null);
  }

  #emit(out: WebmSegment[], end: number): void {
    if (end <= 0) return;
    out.push({
      kind: 'media',
      bytes: this.#buf.slice(0, end),
      clusterStart: this.#startsCluster,
      key: this.#startsCluster && this.#key,
    });
    this.#startsCluster = false;
    this.#key = false;
    this.#dropEmitted(end);
  }

  #dropEmitted(end: number): void {
    this.#buf = this.#buf.subarray(end);
    this.#pos -= end;
  }

  #readTracks(init: Uint8Array, out: WebmSegment[]): void {
    const codecs: string[] = [];
    const tracks = findTracks(init);
    if (tracks) {
      for (const entry of children(init, tracks.start, tracks.end)) {
        if (entry.id !== TRACK_ENTRY) continue;
        let number: number | null = null;
        let type: number | null = null;
        for (const field of children(init, entry.start, entry.end)) {
          if (field.id === TRACK_NUMBER) number = readUint(init, field.start, field.end);
          else if (field.id === TRACK_TYPE) type = readUint(init, field.start, field.end);
          else if (field.id === CODEC_ID) {
            const id = new TextDecoder().decode(init.subarray(field.start, field.end));
            const name = CODEC_NAMES[id.replace(/\0+$/, '')];
            if (name) codecs.push(name);
          }
        }
        if (type === VIDEO_TRACK_TYPE && number !== null && this.#videoTrack === null)
          this.#videoTrack = number;
      }
    }
    const video = this.#videoTrack !== null;
    const mimeType =
      codecs.length > 0
        ? `${video ? 'video' : 'audio'}/webm; codecs="${codecs.join(', ')}"`
        : 'video/webm';
    out.push({ kind: 'init', bytes: init, mimeType });
  }
}

interface Span {
  id: number;
  start: number;
  end: number;
}

/** The Tracks element's body in an init segment, if there is one. */
function findTracks(init: Uint8Array): Span | null {
  let pos = 0;
  while (pos < init.length) {
    const header = readElementHeader(init, pos);
    if (header === null || header === 'invalid') return null;
    const body = pos + header.length;
    if (header.id === SEGMENT || header.size < 0) {
      pos = body;
      continue;
    }
    if (header.id === TRACKS) return { id: TRACKS, start: body, end: body + header.size };
    pos = body + header.size;
  }
  return null;
}

/** The sized children of an element's body. */
function children(data: Uint8Array, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let pos = start;
  while (pos < end) {
    const header = readElementHeader(data, pos);
    if (header === null || header === 'invalid' || header.size < 0) break;
    const body = pos + header.length;
    spans.push({ id: header.id, start: body, end: Math.min(end, body + header.size) });
    pos = body + header.size;
  }
  return spans;
}

function readUint(data: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) value = value * 256 + (data[i] ?? 0);
  return value;
}
