import { createReadStream } from 'node:fs';
import { ImportError } from './errors';
import { formatCount } from './limits';
import type { Encoding } from './source-types';

// The text encoding of a CSV file: by its BOM, the caller's choice or by reading its bytes
// (UTF-8, else GB18030), and the error that names the line of the first byte that is not valid.

export const CHUNK_BYTES = 64 * 1024;

/** NUL bytes, or more than 2% other control characters: not text. */
export function looksBinary(sample: Uint8Array): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32) || byte === 127) control++;
  }
  return control > Math.max(4, sample.length * 0.02);
}
/** Newlines in a piece of text: `\r\n`, `\n` and a lone `\r` each count once. */
export function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) count++;
  }
  return count;
}

/** Reads a whole file through a fatal decoder; true if every byte is valid in the encoding. */
async function decodesCleanly(file: string, encoding: Encoding): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of createReadStream(file, {
      highWaterMark: CHUNK_BYTES,
    }) as AsyncIterable<Buffer>) {
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the first byte that is not valid in `encoding` is: its offset, the byte, and the line
 * it is on (newlines counted in the text decoded before it). Reads the file again from its
 * start; only called to word an error.
 */
async function locateBadByte(
  file: string,
  encoding: Encoding,
): Promise<{ offset: number; byte: number; line: number } | null> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  let newlines = 0;
  let lastWasCr = false;
  const add = (text: string): void => {
    if (text === '') return;
    // A \r at the end of the previous piece followed by \n here was counted as a lone \r.
    if (lastWasCr && text.charCodeAt(0) === 0x0a) newlines--;
    newlines += countNewlines(text);
    lastWasCr = text.charCodeAt(text.length - 1) === 0x0d;
  };
  for await (const chunk of createReadStream(file, {
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    let text: string | null = null;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      text = null;
    }
    if (text !== null) {
      add(text);
      offset += chunk.length;
      continue;
    }
    // The bad byte is in this chunk: decode it again byte by byte from the same state. The
    // decoder threw, so start over from the file's start up to this chunk.
    const again = new TextDecoder(encoding, { fatal: true });
    newlines = 0;
    lastWasCr = false;
    let at = 0;
    for await (const earlier of createReadStream(file, {
      highWaterMark: CHUNK_BYTES,
      end: offset > 0 ? offset - 1 : 0,
    }) as AsyncIterable<Buffer>) {
      if (offset === 0) break;
      add(again.decode(earlier, { stream: true }));
    }
    // Where the character being decoded started: the bad byte is the one that began it.
    let started: number | null = null;
    for (; at < chunk.length; at++) {
      let piece: string;
      try {
        piece = again.decode(chunk.subarray(at, at + 1), { stream: true });
      } catch {
        const first = started ?? at;
        return { offset: offset + first, byte: chunk[first] ?? 0, line: newlines + 1 };
      }
      if (piece === '') started ??= at;
      else started = null;
      add(piece);
    }
    return null;
  }
  return null;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

export async function notValidText(
  file: string,
  encoding: Encoding,
  tried: string,
): Promise<ImportError> {
  const bad = await locateBadByte(file, encoding);
  const where = bad
    ? `: line ${formatCount(bad.line)} has the byte ${hex(bad.byte)} (offset ${bad.offset}), which is not valid ${encoding}`
    : ` (it ends in the middle of a ${encoding} character)`;
  const hint =
    encoding === 'utf-8' || encoding === 'gb18030'
      ? ' Save it as "CSV UTF-8", or choose its encoding in the mapping.'
      : '';
  return new ImportError('not-utf8', `The file is not ${tried} text${where}.${hint}`);
}

/**
 * The file's encoding: a BOM decides (UTF-8, UTF-16LE/BE); else the caller's choice; else UTF-8
 * when every byte is valid UTF-8; else GB18030 (GBK is a subset: Excel on Chinese Windows and
 * Chinese platforms' exports) when every byte is valid GB18030, reported as a detected choice;
 * else the file is refused, naming the line of its first byte that is not UTF-8. Text never
 * becomes U+FFFD replacement characters.
 */
export async function chooseEncoding(
  file: string,
  head: Uint8Array,
  wanted: Encoding | undefined,
): Promise<{ encoding: Encoding; source: 'bom' | 'option' | 'detected' }> {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', source: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', source: 'bom' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', source: 'bom' };
  }
  if (wanted !== undefined) return { encoding: wanted, source: 'option' };
  if (await decodesCleanly(file, 'utf-8')) return { encoding: 'utf-8', source: 'detected' };
  if (await decodesCleanly(file, 'gb18030')) return { encoding: 'gb18030', source: 'detected' };
  throw await notValidText(file, 'utf-8', 'UTF-8 or GB18030');
}
