import { EMPTY_BYTES, PieceBuilder, concatBytes, type FramedPiece } from './framer-pieces';
import type { StreamFramer } from './stream-framer';

export const EBML_HEADER = 0x1a45dfa3;
export const SEGMENT = 0x18538067;
export const CLUSTER = 0x1f43b675;
export const TRACKS = 0x1654ae6b;
/** Children of Segment: meeting one inside an unknown-size Cluster ends that Cluster. */
export const SEGMENT_CHILDREN: ReadonlySet<number> = new Set([
  0x114d9b74, // SeekHead
  0x1549a966, // Info
  TRACKS,
  0x1c53bb6b, // Cues
  0x1043a770, // Chapters
  0x1254c367, // Tags
  0x1941a469, // Attachments
  CLUSTER,
]);

/**
 * Follows a WebM stream's element headers: everything before the first Cluster (EBML header,
 * Segment header, Info, Tracks) is the init segment; each Cluster starts a fragment. MediaRecorder
 * writes the Segment and its Clusters with unknown sizes, so a Cluster is read child by child
 * until the next Segment-level element. A Cluster does not always begin with a keyframe; WebM is
 * re-encoded for RTMP, and the decoder resynchronises at the next keyframe.
 */
export function createWebmFramer(): StreamFramer {
  let pending: Uint8Array = EMPTY_BYTES;
  let remaining = 0;
  let level: 'top' | 'segment' | 'cluster' = 'top';
  let seenCluster = false;
  let broken: string | null = null;

  return {
    get broken() {
      return broken;
    },
    push(chunk) {
      if (broken !== null) return chunk.length > 0 ? [plain(chunk)] : [];
      const data = concatBytes(pending, chunk);
      pending = EMPTY_BYTES;
      const pieces = new PieceBuilder(data);
      let pos = 0;
      if (remaining > 0 && data.length > 0) pieces.continuation(!seenCluster);
      while (pos < data.length) {
        if (remaining > 0) {
          const take = Math.min(remaining, data.length - pos);
          remaining -= take;
          pos += take;
          continue;
        }
        const header = readElementHeader(data, pos);
        if (header === null) {
          pending = data.slice(pos);
          break;
        }
        if (header === 'invalid') {
          broken = 'not a WebM element header';
          return [...pieces.finish(pos), plain(data.subarray(pos))];
        }
        const start = pos;
        pos += header.length;
        const known = header.size >= 0;
        if (level === 'top') {
          pieces.unit(start, !seenCluster, false);
          // The Segment's body is read element by element; anything else at the top is skipped.
          if (header.id === SEGMENT) level = 'segment';
          else if (known) remaining = header.size;
          else broken = 'a top-level WebM element of unknown size';
        } else if (level === 'cluster' && !SEGMENT_CHILDREN.has(header.id)) {
          // Inside an unknown-size Cluster: blocks and timecodes, always sized.
          pieces.unit(start, !seenCluster, false);
          if (header.id === EBML_HEADER) {
            level = 'top';
            if (known) remaining = header.size;
          } else if (known) remaining = header.size;
          else broken = 'a WebM Cluster child of unknown size';
        } else {
          level = 'segment';
          const isCluster = header.id === CLUSTER;
          if (isCluster) seenCluster = true;
          pieces.unit(start, !seenCluster, isCluster);
          if (known) remaining = header.size;
          else if (isCluster) level = 'cluster';
          else broken = 'a WebM Segment child of unknown size';
        }
        if (broken !== null) {
          return [...pieces.finish(pos), plain(data.subarray(pos))];
        }
      }
      return pieces.finish(data.length - pending.length);
    },
  };
}

interface Vint {
  length: number;
  /** IDs keep their length marker (as the spec writes them); sizes drop it; -1 is "unknown". */
  value: number;
}

/** An element's id and size (the size -1 when unknown). */
export interface ElementHeader {
  id: number;
  size: number;
  /** Bytes of the id and size fields. */
  length: number;
}

/** The element header at `at`; null: not enough bytes yet. */
export function readElementHeader(data: Uint8Array, at: number): ElementHeader | null | 'invalid' {
  const id = readVint(data, at, 4, true);
  if (id === null || id === 'invalid') return id;
  const size = readVint(data, at + id.length, 8, false);
  if (size === null || size === 'invalid') return size;
  return { id: id.value, size: size.value, length: id.length + size.length };
}

/** An EBML variable-length integer at `at`; null: not enough bytes yet. */
export function readVint(
  data: Uint8Array,
  at: number,
  maxLength: number,
  keepMarker: boolean,
): Vint | null | 'invalid' {
  const first = data[at];
  if (first === undefined) return null;
  let length = 1;
  while (length <= 8 && (first & (0x80 >> (length - 1))) === 0) length += 1;
  if (length > maxLength) return 'invalid';
  if (at + length > data.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i += 1) {
    const byte = data[at + i] ?? 0;
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return { length, value: !keepMarker && allOnes ? -1 : value };
}

function plain(bytes: Uint8Array): FramedPiece {
  return { bytes, init: false, boundary: false };
}
