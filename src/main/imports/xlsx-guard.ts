import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { ImportError } from './errors';
import {
  MAX_ARCHIVE_BYTES,
  MAX_CELL_CHARS,
  MAX_CELL_XML_BYTES,
  MAX_ENTRIES,
  MAX_ENTRY_BYTES,
  MAX_INFLATE_RATIO,
  MAX_ROWS,
  MAX_TAG_BYTES,
  RATIO_MIN_BYTES,
  clip,
  formatBytes,
  formatCount,
} from './limits';

// Checks an XLSX archive before exceljs inflates any of it. exceljs reads a workbook through
// unzipper's streaming parser and saxes, which keep a whole text node (a cell) in memory and
// inflate an entry as far as its deflate stream goes: a 200 KB file can hold a 200 MB cell, and a
// 1 MB entry can inflate to 1 GB. So, in this order:
//
// 1. The central directory: entry count, each entry's declared uncompressed size, the total, and
//    the inflation ratio — all before a byte is inflated.
// 2. The local headers: the entries must follow each other with no gap and agree with the
//    directory (name, method, sizes), so a streaming reader — which walks the local headers, not
//    the directory — sees exactly the entries checked here.
// 3. Every entry is inflated once here, streamed and counted: it may not inflate beyond the size
//    it declares (a lying header), and the XML parts exceljs parses may not hold a tag over
//    MAX_TAG_BYTES, a cell or shared string with more than MAX_CELL_XML_BYTES of text, or more
//    than MAX_ROWS rows. Nothing is kept: memory stays at a few chunks whatever the file says.
//
// Written here rather than with a ZIP library because the check is about what unzipper will see
// (the local headers), which a central-directory reader such as yauzl does not look at.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const EOCD_MIN = 22;
const EOCD_SEARCH = EOCD_MIN + 0xffff;

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
  dataStart: number;
}

function unreadable(detail: string): ImportError {
  return new ImportError('unreadable-xlsx', `This XLSX workbook cannot be read: ${detail}.`);
}

function tooLarge(message: string): ImportError {
  return new ImportError('too-large', message);
}

/** Throws ImportError unless the archive is safe to give to exceljs. */
export async function checkXlsxArchive(file: string, fileSize: number): Promise<void> {
  const entries = await readDirectory(file, fileSize);
  for (const entry of entries) await checkEntry(file, entry);
}

async function readDirectory(file: string, fileSize: number): Promise<Entry[]> {
  const handle = await open(file, 'r');
  try {
    const read = async (position: number, length: number): Promise<Buffer> => {
      if (position < 0 || length < 0 || position + length > fileSize) {
        throw unreadable('the ZIP archive is truncated');
      }
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) throw unreadable('the ZIP archive is truncated');
      return buffer;
    };

    // End of central directory: the last record with its signature.
    const tailLength = Math.min(fileSize, EOCD_SEARCH);
    const tail = await read(fileSize - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw unreadable('it has no ZIP directory');
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (
      tail.readUInt16LE(eocd + 4) !== 0 ||
      tail.readUInt16LE(eocd + 6) !== 0 ||
      count === 0xffff ||
      directoryOffset === 0xffffffff
    ) {
      throw unreadable('multi-part and ZIP64 archives are not supported');
    }
    if (count > MAX_ENTRIES) {
      throw tooLarge(
        `The workbook has ${formatCount(count)} parts; workbooks are limited to ${formatCount(MAX_ENTRIES)}.`,
      );
    }
    const directory = await read(directoryOffset, directorySize);

    const entries: Entry[] = [];
    let total = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        throw unreadable('its ZIP directory is damaged');
      }
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const compressedSize = directory.readUInt32LE(at + 20);
      const size = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const offset = directory.readUInt32LE(at + 42);
      if (at + 46 + nameLength > directory.length) throw unreadable('its ZIP directory is damaged');
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      const shown = clip(name);
      if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) {
        throw unreadable('ZIP64 archives are not supported');
      }
      if ((flags & 1) !== 0) throw unreadable(`'${shown}' is encrypted`);
      if (method !== 0 && method !== 8) {
        throw unreadable(`'${shown}' uses an unsupported compression method (${method})`);
      }
      // Sizes first, before anything is inflated.
      if (size > MAX_ENTRY_BYTES) {
        throw tooLarge(
          `The workbook part '${shown}' inflates to ${formatBytes(size)}; a part is limited to ${formatBytes(MAX_ENTRY_BYTES)}.`,
        );
      }
      if (size > RATIO_MIN_BYTES && size > MAX_INFLATE_RATIO * Math.max(1, compressedSize)) {
        throw tooLarge(
          `The workbook part '${shown}' inflates ${formatCount(Math.round(size / Math.max(1, compressedSize)))} times (${formatBytes(compressedSize)} to ${formatBytes(size)}); parts may inflate at most ${MAX_INFLATE_RATIO} times.`,
        );
      }
      total += size;
      if (total > MAX_ARCHIVE_BYTES) {
        throw tooLarge(
          `The workbook inflates to more than ${formatBytes(MAX_ARCHIVE_BYTES)}; workbooks are limited to ${formatBytes(MAX_ARCHIVE_BYTES)}.`,
        );
      }
      entries.push({ name, flags, method, compressedSize, size, offset, dataStart: 0 });
    }

    // The local headers: contiguous from the start, agreeing with the directory.
    entries.sort((a, b) => a.offset - b.offset);
    let expected = 0;
    for (const entry of entries) {
      if (entry.offset !== expected) {
        throw unreadable('its ZIP archive has data outside its directory');
      }
      const header = await read(entry.offset, 30);
      if (header.readUInt32LE(0) !== LOCAL_SIGNATURE)
        throw unreadable('its ZIP archive is damaged');
      const flags = header.readUInt16LE(6);
      const method = header.readUInt16LE(8);
      const nameLength = header.readUInt16LE(26);
      const extraLength = header.readUInt16LE(28);
      const name = (await read(entry.offset + 30, nameLength)).toString('utf8');
      const deferred = (flags & 8) !== 0;
      if (
        name !== entry.name ||
        method !== entry.method ||
        (flags & 1) !== 0 ||
        (!deferred &&
          (header.readUInt32LE(18) !== entry.compressedSize ||
            header.readUInt32LE(22) !== entry.size))
      ) {
        throw unreadable(`'${clip(entry.name)}' differs from its ZIP directory entry`);
      }
      if (deferred && method === 0) {
        throw unreadable(`'${clip(entry.name)}' is stored without its size`);
      }
      entry.dataStart = entry.offset + 30 + nameLength + extraLength;
      let end = entry.dataStart + entry.compressedSize;
      if (deferred) {
        // A data descriptor follows: crc, sizes (12 bytes), optionally after a signature.
        const signature = end + 4 <= fileSize ? (await read(end, 4)).readUInt32LE(0) : 0;
        end += signature === DESCRIPTOR_SIGNATURE ? 16 : 12;
      }
      expected = end;
    }
    if (expected !== directoryOffset) {
      throw unreadable('its ZIP archive has data outside its directory');
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Which XML parts exceljs parses (and so keeps text of in memory). */
function xmlKind(name: string): 'sheet' | 'strings' | 'other' | null {
  if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return 'sheet';
  if (name === 'xl/sharedStrings.xml') return 'strings';
  if (
    name === 'xl/workbook.xml' ||
    name === 'xl/styles.xml' ||
    name === 'xl/_rels/workbook.xml.rels' ||
    /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/.test(name)
  ) {
    return 'other';
  }
  return null;
}

async function checkEntry(file: string, entry: Entry): Promise<void> {
  const shown = clip(entry.name);
  const kind = xmlKind(entry.name);
  const scanner = kind === null ? null : new XmlScanner(kind);
  let inflated = 0;
  const raw =
    entry.compressedSize === 0
      ? null
      : createReadStream(file, {
          start: entry.dataStart,
          end: entry.dataStart + entry.compressedSize - 1,
          highWaterMark: 64 * 1024,
        });
  const source: AsyncIterable<Buffer> =
    raw === null ? nothing() : entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  try {
    for await (const chunk of source) {
      inflated += chunk.length;
      if (inflated > entry.size) {
        throw tooLarge(
          `The workbook part '${shown}' inflates beyond the ${formatBytes(entry.size)} it declares; this workbook is damaged or crafted.`,
        );
      }
      scanner?.scan(chunk);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw unreadable(`'${shown}' cannot be inflated (${(error as Error).message})`);
  } finally {
    raw?.destroy();
  }
  if (inflated !== entry.size) {
    throw unreadable(`'${shown}' is shorter than its ZIP directory says`);
  }
}

async function* nothing(): AsyncGenerator<Buffer> {}

const LT = 0x3c;
const GT = 0x3e;
const NAME_BUFFER = 512;

/**
 * Streams through XML bytes without keeping them: bounds each tag, the text of each cell (or
 * shared string) and the number of rows. '<' and '>' are ASCII, so UTF-8 needs no decoding here;
 * text a tag would hide ('>' inside an attribute or CDATA) is counted either as tag or as text,
 * both bounded.
 */
class XmlScanner {
  readonly #kind: 'sheet' | 'strings' | 'other';
  #inTag = false;
  #tagBytes = 0;
  readonly #tagHead = Buffer.alloc(NAME_BUFFER);
  #textBytes = 0;
  #rows = 0;
  #strings = 0;
  #cellRef: string | null = null;

  constructor(kind: 'sheet' | 'strings' | 'other') {
    this.#kind = kind;
  }

  scan(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#inTag) {
        const close = chunk.indexOf(GT, i);
        const end = close < 0 ? n : close;
        const take = Math.min(end - i, NAME_BUFFER - Math.min(this.#tagBytes, NAME_BUFFER));
        if (take > 0) chunk.copy(this.#tagHead, this.#tagBytes, i, i + take);
        this.#tagBytes += end - i;
        if (this.#tagBytes > MAX_TAG_BYTES) {
          throw tooLarge(
            `The workbook has an XML tag of more than ${formatBytes(MAX_TAG_BYTES)}; tags are limited to ${formatBytes(MAX_TAG_BYTES)}.`,
          );
        }
        if (close < 0) return;
        this.#inTag = false;
        this.#onTag();
        i = close + 1;
      } else {
        const open = chunk.indexOf(LT, i);
        const end = open < 0 ? n : open;
        this.#textBytes += end - i;
        if (this.#textBytes > MAX_CELL_XML_BYTES) this.#cellTooLarge();
        if (open < 0) return;
        this.#inTag = true;
        this.#tagBytes = 0;
        i = open + 1;
      }
    }
  }

  #onTag(): void {
    const head = this.#tagHead.subarray(0, Math.min(this.#tagBytes, NAME_BUFFER));
    let nameEnd = 0;
    while (nameEnd < head.length) {
      const byte = head[nameEnd] ?? 0;
      if (byte === 0x20 || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d) break;
      nameEnd++;
    }
    const name = head.toString('latin1', 0, nameEnd);
    if (this.#kind === 'other') {
      this.#textBytes = 0;
      return;
    }
    if (this.#kind === 'strings') {
      if (name === 'si') {
        this.#strings++;
        this.#textBytes = 0;
      }
      return;
    }
    if (name === 'row') {
      this.#rows++;
      this.#textBytes = 0;
      if (this.#rows > MAX_ROWS + 1) {
        throw tooLarge(
          `The sheet has more than ${formatCount(MAX_ROWS)} rows; imports are limited to ${formatCount(MAX_ROWS)} rows.`,
        );
      }
    } else if (name === 'c') {
      const ref = /\sr="([A-Za-z]{1,3}\d{1,7})"/.exec(head.toString('latin1'));
      this.#cellRef = ref?.[1] ?? null;
      this.#textBytes = 0;
    }
  }

  #cellTooLarge(): never {
    const limit = `cells are limited to ${formatCount(MAX_CELL_CHARS)} characters (32 KB)`;
    if (this.#kind === 'sheet') {
      const which =
        this.#cellRef === null ? `A cell in row ${this.#rows}` : `Cell ${this.#cellRef}`;
      throw tooLarge(`${which} is larger than ${formatBytes(MAX_CELL_XML_BYTES)}; ${limit}.`);
    }
    if (this.#kind === 'strings') {
      throw tooLarge(
        `Text ${formatCount(this.#strings)} of the workbook's shared texts is larger than ${formatBytes(MAX_CELL_XML_BYTES)}; ${limit}.`,
      );
    }
    throw tooLarge(
      `The workbook has a text of more than ${formatBytes(MAX_CELL_XML_BYTES)}; ${limit}.`,
    );
  }
}
