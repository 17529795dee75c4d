import { EMPTY_BYTES, PieceBuilder, concatBytes, type FramedPiece } from './framer-pieces';
import type { StreamFramer } from './stream-framer';

/**
 * Follows the top-level boxes of a fragmented MP4 stream (`ftyp`, `moov`, then `moof`+`mdat`
 * pairs). Boxes before the first `moof` are the init segment; each `moof` starts a fragment, and
 * with MediaRecorder (and ffmpeg's `frag_keyframe`) each fragment starts with a keyframe.
 */
export function createFmp4Framer(): StreamFramer {
  /** Header bytes held back because the chunk ended inside a box header. */
  let pending: Uint8Array = EMPTY_BYTES;
  /** Bytes of the current box still to come (Infinity: a size-0 box runs to the end). */
  let remaining = 0;
  let inInit = true;
  let seenFragment = false;
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
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      let pos = 0;
      if (remaining > 0 && data.length > 0) pieces.continuation(inInit);
      while (pos < data.length) {
        if (remaining > 0) {
          const take = Math.min(remaining, data.length - pos);
          remaining -= take;
          pos += take;
          continue;
        }
        if (data.length - pos < 8) {
          pending = data.slice(pos);
          break;
        }
        let size = view.getUint32(pos);
        const type = String.fromCharCode(
          data[pos + 4] ?? 0,
          data[pos + 5] ?? 0,
          data[pos + 6] ?? 0,
          data[pos + 7] ?? 0,
        );
        let header = 8;
        if (size === 1) {
          if (data.length - pos < 16) {
            pending = data.slice(pos);
            break;
          }
          size = Number(view.getBigUint64(pos + 8));
          header = 16;
        }
        if (!/^[\x20-\x7e]{4}$/.test(type) || (size !== 0 && size < header)) {
          broken = `not a fragmented MP4 box (type ${JSON.stringify(type)}, size ${size})`;
          return [...pieces.finish(pos), plain(data.subarray(pos))];
        }
        const isFragment = type === 'moof';
        if (isFragment) seenFragment = true;
        inInit = !seenFragment;
        pieces.unit(pos, inInit, isFragment);
        remaining = size === 0 ? Infinity : size;
      }
      return pieces.finish(data.length - pending.length);
    },
  };
}

function plain(bytes: Uint8Array): FramedPiece {
  return { bytes, init: false, boundary: false };
}
