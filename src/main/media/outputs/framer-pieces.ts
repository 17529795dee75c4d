/** One run of program-stream bytes, cut where the container allows a consumer to begin. */
export interface FramedPiece {
  /** Bytes in stream order; a view into a buffer nobody mutates afterwards. */
  bytes: Uint8Array;
  /** Part of the init segment (fMP4 `ftyp`+`moov`; WebM header, Info, Tracks). */
  init: boolean;
  /** Starts a fragment (`moof`, Cluster): a consumer may begin here after the init segment. */
  boundary: boolean;
}

/** Piece-building shared by the framers: extends the open piece or cuts a new one. */
export class PieceBuilder {
  readonly #data: Uint8Array;
  readonly #pieces: FramedPiece[] = [];
  #start = 0;
  #init = false;
  #boundary = false;
  #open = false;

  constructor(data: Uint8Array) {
    this.#data = data;
  }

  /** A unit (box/element) starts at `at`; cut there if it starts a fragment or changes class. */
  unit(at: number, init: boolean, boundary: boolean): void {
    if (this.#open && !boundary && init === this.#init) return;
    this.#close(at);
    this.#start = at;
    this.#init = init;
    this.#boundary = boundary;
    this.#open = true;
  }

  /** Bytes at the start of this chunk that continue a unit begun in an earlier one. */
  continuation(init: boolean): void {
    if (this.#open) return;
    this.#start = 0;
    this.#init = init;
    this.#boundary = false;
    this.#open = true;
  }

  finish(end: number): FramedPiece[] {
    this.#close(end);
    return this.#pieces;
  }

  #close(end: number): void {
    if (this.#open && end > this.#start) {
      this.#pieces.push({
        bytes: this.#data.subarray(this.#start, end),
        init: this.#init,
        boundary: this.#boundary,
      });
    }
    this.#open = false;
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export const EMPTY_BYTES = new Uint8Array(0);
