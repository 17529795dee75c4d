import { constants, crc32, deflateRawSync } from 'node:zlib';

// Builds ZIP archives (and minimal XLSX workbooks) by hand, for tests of crafted files: a part can
// repeat a block many times, so a 200 KB archive can hold an entry that inflates to 200 MB or more
// without this process ever holding the inflated bytes. The deflate stream of a repeated part is
// one block compressed with a full flush (it refers to nothing before it) written `times` times.
// Sizes can be declared falsely, like a crafted file's headers.

export type Part = string | Buffer | { repeat: string | Buffer; times: number };

export interface EntrySpec {
  name: string;
  parts: readonly Part[];
  /** Declare this uncompressed size (in both headers) instead of the true one. */
  declaredSize?: number;
}

const bytes = (value: string | Buffer): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : value;

function compress(parts: readonly Part[]): { data: Buffer; crc: number; size: number } {
  const pieces: Buffer[] = [];
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    if (typeof part === 'string' || Buffer.isBuffer(part)) {
      const raw = bytes(part);
      pieces.push(deflateRawSync(raw, { finishFlush: constants.Z_FULL_FLUSH }));
      crc = crc32(raw, crc);
      size += raw.length;
    } else {
      const raw = bytes(part.repeat);
      const block = deflateRawSync(raw, { finishFlush: constants.Z_FULL_FLUSH });
      for (let i = 0; i < part.times; i++) {
        pieces.push(block);
        crc = crc32(raw, crc);
      }
      size += raw.length * part.times;
    }
  }
  pieces.push(deflateRawSync(Buffer.alloc(0)));
  return { data: Buffer.concat(pieces), crc, size };
}

export function craftZip(entries: readonly EntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { data, crc, size } = compress(entry.parts);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A one-sheet workbook: `rows` are the sheet's rows before the crafted one; `crafted` is row 2's
 * third cell (C2) as inline text (parts, so it can be huge); `sheet` overrides the sheet entry.
 */
export function craftXlsx(options: {
  header: readonly string[];
  row: readonly string[];
  crafted: readonly Part[];
  declaredSheetSize?: number;
  extra?: readonly EntrySpec[];
}): Buffer {
  const inline = (ref: string, text: string): string =>
    `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = options.header.map((text, i) => inline(`${String.fromCharCode(65 + i)}1`, text));
  const before = options.row.map((text, i) => inline(`${String.fromCharCode(65 + i)}2`, text));
  const sheet: Part[] = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>`,
    `<row r="1">${header.join('')}</row><row r="2">${before.join('')}<c r="C2" t="inlineStr"><is><t>`,
    ...options.crafted,
    `</t></is></c></row></sheetData></worksheet>`,
  ];
  return craftZip([
    {
      name: '[Content_Types].xml',
      parts: [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ],
    },
    {
      name: '_rels/.rels',
      parts: [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
    },
    {
      name: 'xl/workbook.xml',
      parts: [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      parts: [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ],
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      parts: sheet,
      ...(options.declaredSheetSize === undefined
        ? {}
        : { declaredSize: options.declaredSheetSize }),
    },
    ...(options.extra ?? []),
  ]);
}
