import { createFmp4Framer } from './fmp4-framer';
import type { FramedPiece } from './framer-pieces';
import { createWebmFramer } from './webm-framer';

export type { FramedPiece } from './framer-pieces';

/**
 * Cuts the program stream (the recorder's MediaRecorder bytes) into pieces that start at the
 * container's own boundaries, so that a destination starting late, or reconnecting, can be given
 * the init segment and then data from the start of a fragment (fMP4 `moof`, WebM Cluster) rather
 * than from the middle of one.
 *
 * Only top-level structure is read (box/element headers), never sample data: this runs on every
 * chunk of a live broadcast, and a few header reads per fragment is all it needs. mp4box parses
 * whole files into samples, which is more than this needs and more work per chunk.
 * The recorder/HTTP-stream module keeps a similar scanner for its late joiners; the two can be
 * merged into one shared module when both have settled.
 */
export interface StreamFramer {
  push(chunk: Uint8Array): FramedPiece[];
  /** Why the structure could not be followed; from then on every piece is plain data. */
  readonly broken: string | null;
}

export type ContainerKind = 'mp4' | 'webm';

export function containerOf(mime: string): ContainerKind {
  return /^video\/webm/i.test(mime.trim()) ? 'webm' : 'mp4';
}

export function createFramer(mime: string): StreamFramer {
  return containerOf(mime) === 'webm' ? createWebmFramer() : createFmp4Framer();
}
