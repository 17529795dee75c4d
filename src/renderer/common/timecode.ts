/**
 * A clock burned into the program picture, so that delay can be measured glass to glass: the
 * studio draws the wall-clock time of each frame as a row of black and white cells (plus the
 * time in digits for a person comparing with a phone's clock); a page that plays the stream reads
 * the cells back from its <video> and subtracts them from its own clock. Both ends must share a
 * clock (one machine, or machines synchronised by NTP), which is what a latency check on a LAN or
 * on loopback has.
 *
 * The code is 24 bits of milliseconds (the clock modulo 2^24 ms ≈ 4.7 hours, plenty for any
 * delay) and 8 check bits, so that a frame blurred by the encoder, or a frame without the clock,
 * reads as nothing rather than as a wrong time. Cells are sized and placed as fractions of the
 * picture's width, so a picture scaled down on its way (WebRTC adapts resolution) still reads.
 */

export const TIMECODE_DATA_BITS = 24;
const CHECK_BITS = 8;
export const TIMECODE_BITS = TIMECODE_DATA_BITS + CHECK_BITS;
const BITS = TIMECODE_BITS;
const MODULUS = 2 ** TIMECODE_DATA_BITS;
/** So that all-black and all-white rows fail the check. */
const CHECK_SALT = 0xa5;
/**
 * Cell edge as a fraction of the picture's width: 32 cells plus margins span 44%, leaving the
 * top right to the live cards. 16 px cells at 720p; 8 px still read at 640 wide.
 */
export const TIMECODE_CELL = 1 / 80;
const CELL = TIMECODE_CELL;

function checkByte(value: number): number {
  return ((value & 0xff) ^ ((value >>> 8) & 0xff) ^ ((value >>> 16) & 0xff) ^ CHECK_SALT) & 0xff;
}

/** The 32 cells for a wall-clock time, most significant first: true is white. */
export function timecodeBits(nowMs: number): boolean[] {
  const value = Math.floor(nowMs) % MODULUS;
  const word = value * 2 ** CHECK_BITS + checkByte(value);
  const bits: boolean[] = [];
  for (let i = BITS - 1; i >= 0; i -= 1) bits.push(Math.floor(word / 2 ** i) % 2 === 1);
  return bits;
}

/** The clock value (ms modulo 2^24) the cells carry, or null when the check fails. */
export function readTimecodeBits(bits: readonly boolean[]): number | null {
  if (bits.length !== BITS) return null;
  let word = 0;
  for (const bit of bits) word = word * 2 + (bit ? 1 : 0);
  const value = Math.floor(word / 2 ** CHECK_BITS);
  return checkByte(value) === word % 2 ** CHECK_BITS ? value : null;
}

/**
 * How long ago (ms) a frame stamped `stamp` was drawn, as seen at `nowMs` on the same clock.
 * Negative when `nowMs` is before the stamp: a display time estimated a millisecond or two early
 * on a fast path, not a frame 4.7 hours old (an age is at most half the clock's range).
 */
export function timecodeAge(stamp: number, nowMs: number): number {
  const age = (((Math.floor(nowMs) - stamp) % MODULUS) + MODULUS) % MODULUS;
  return age > MODULUS / 2 ? age - MODULUS : age;
}

/** Centre of cell `index` in a picture `width` wide, in pixels. */
export function timecodeCellCentre(index: number, width: number): { x: number; y: number } {
  const cell = width * CELL;
  return { x: cell * (1.5 + index), y: cell * 1.5 };
}

/** Height (px) of the band whose pixels `readTimecode` reads, for a picture `width` wide. */
export function timecodeBandHeight(width: number): number {
  return Math.ceil(width * CELL * 3);
}

/**
 * Reads the clock from RGBA pixels (`ImageData.data` of a whole frame), or null when the frame
 * carries none (or the encoder blurred it past reading).
 */
export function readTimecode(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
): number | null {
  const bits: boolean[] = [];
  for (let index = 0; index < BITS; index += 1) {
    const { x, y } = timecodeCellCentre(index, width);
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px >= width || py >= height) return null;
    const at = (py * width + px) * 4;
    const luma =
      0.299 * (rgba[at] ?? 0) + 0.587 * (rgba[at + 1] ?? 0) + 0.114 * (rgba[at + 2] ?? 0);
    bits.push(luma >= 128);
  }
  return readTimecodeBits(bits);
}
