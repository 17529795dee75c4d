import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/main/imports/errors';
import { importOrders } from '../../src/main/imports/import-orders';
import { parseDate } from '../../src/main/imports/values';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';

// CSV reading loses nothing silently: an unclosed quote, bytes that are not text, a file in
// GB18030 and line numbers in reports (physical lines of the file).

const tempDir = useTempDirs();

function fileWith(name: string, content: string | Uint8Array): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** The bytes of `text` in GB18030, made by Debian's iconv (libc-bin). */
function gb18030(text: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
}

function open(): Db {
  return openDatabase(join(tempDir(), 'csv.db'));
}

async function failure(db: Db, file: string): Promise<ImportError> {
  const error = await importOrders(db, {
    source: 'shop',
    file,
    options: { defaultCurrency: 'USD' },
  }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

function orderCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
}

describe('CSV reading', () => {
  it('an unclosed quote rejects its line, naming it, and the rest of the file is read', async () => {
    const db = open();
    const csv = [
      'order_id,ordered_at,email,amount',
      '1,2024-01-01,a@example.com,5',
      '',
      '2,2024-01-02,"b@example.com,6',
      '3,2024-01-03,c@example.com,7',
      '',
      '4,2024-01-04,"d@example.com,8',
      '5,2024-01-05,e@example.com,9',
    ].join('\n');
    const summary = await importOrders(db, {
      source: 'shop',
      file: fileWith('unclosed.csv', csv),
      options: { defaultCurrency: 'USD' },
    });
    expect(summary.issues).toMatchObject([
      {
        line: 4,
        kind: 'rejected',
        reason: expect.stringMatching(/^Line 4 opens a quoted cell that is never closed/) as string,
      },
      {
        line: 7,
        kind: 'rejected',
        reason: expect.stringMatching(/^Line 7 opens a quoted cell that is never closed/) as string,
      },
    ]);
    expect(summary).toMatchObject({ rowsRejected: 2, ordersImported: 3 });
    expect(db.prepare('SELECT external_id FROM orders ORDER BY id').all()).toEqual([
      { external_id: '1' },
      { external_id: '3' },
      { external_id: '5' },
    ]);
    db.close();
  });

  it('reports physical lines: blank lines and newlines inside quoted cells count', async () => {
    const db = open();
    const csv = [
      'order_id,ordered_at,email,course,amount',
      '1,2024-01-01,a@example.com,"Watercolour',
      'basics',
      'part two",5',
      '',
      '2,2024-01-02,b@example.com,Python,abc',
      '3,,c@example.com,Python,5',
    ].join('\r\n');
    const summary = await importOrders(db, {
      source: 'shop',
      file: fileWith('lines.csv', csv),
      options: { defaultCurrency: 'USD' },
    });
    expect(summary.issues.map((issue) => [issue.line, issue.orderId])).toEqual([
      [6, '2'],
      [7, '3'],
    ]);
    db.close();
  });

  it('a GB18030 (GBK) file is detected and read exactly, and the choice is reported', async () => {
    const db = open();
    const csv = [
      '订单号,支付时间,用户昵称,手机号,实付金额(元),订单状态',
      'X1,2024-03-05 10:00,张伟,13800138000,99.00,已支付',
      'X2,2024-03-06 11:00,李娜·王𠀀,13900139000,120.50,已支付',
    ].join('\r\n');
    const bytes = gb18030(csv);
    // Not UTF-8: without detection these bytes would fail or turn into U+FFFD.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const summary = await importOrders(db, {
      source: 'xiaoe',
      file: fileWith('xiaoe.csv', bytes),
    });
    expect(summary.preset).toBe('xiaoe-tech');
    expect(summary.ordersImported).toBe(2);
    expect(summary.issues).toContainEqual({
      line: 1,
      kind: 'warning',
      reason: expect.stringMatching(/^The file is not UTF-8: it was read as GB18030/) as string,
      reasons: [{ code: 'read-as-gb18030', params: {} }],
    });
    const names = db.prepare('SELECT display_name FROM learners ORDER BY id').pluck().all();
    expect(names).toEqual(['张伟', '李娜·王𠀀']);
    db.close();
  });

  it('bytes that are neither UTF-8 nor GB18030 are an error naming the line', async () => {
    const db = open();
    const bytes = Buffer.concat([
      Buffer.from('order_id,ordered_at,name,amount\n1,2024-01-01,Ann,5\n\n2,2024-01-02,B'),
      Buffer.from([0xff]),
      Buffer.from('b,6\n'),
    ]);
    const error = await failure(db, fileWith('bad-bytes.csv', bytes));
    expect(error.code).toBe('not-utf8');
    expect(error.message).toMatch(
      /^The file is not UTF-8 or GB18030 text: line 4 has the byte 0xFF \(offset \d+\)/,
    );
    expect(orderCount(db)).toBe(0);
    db.close();
  });

  it('an explicit encoding wins over detection', async () => {
    const db = open();
    // Valid UTF-8 (so detection would say UTF-8), but the mapping says GB18030.
    const csv = 'order_id,ordered_at,name,email,amount\n1,2024-01-01,Zoë,z@example.com,5\n';
    const summary = await importOrders(db, {
      source: 'shop',
      file: fileWith('explicit.csv', Buffer.from(csv, 'utf8')),
      options: { defaultCurrency: 'USD' },
      mapping: { encoding: 'gb18030' },
    });
    expect(summary.ordersImported).toBe(1);
    const names = db.prepare('SELECT display_name FROM learners').pluck().all();
    expect(names).toEqual([new TextDecoder('gb18030').decode(Buffer.from('Zoë', 'utf8'))]);
    db.close();
  });
});

describe('dates in an IANA time zone', () => {
  it('follows the zone (daylight saving included), never the machine zone', () => {
    const london = { utcOffsetMinutes: 0, timeZone: 'Europe/London' };
    expect(parseDate('2024-01-15 12:00', london)).toEqual({
      ok: true,
      value: Date.UTC(2024, 0, 15, 12),
    });
    expect(parseDate('2024-07-15 12:00', london)).toEqual({
      ok: true,
      value: Date.UTC(2024, 6, 15, 11),
    });
    expect(
      parseDate('01/02/2020', { ...london, timeZone: 'Asia/Shanghai', dateOrder: 'DMY' }),
    ).toEqual({
      ok: true,
      value: Date.UTC(2020, 0, 31, 16),
    });
    // An explicit zone in the text wins.
    expect(parseDate('2024-07-15T12:00:00Z', london)).toEqual({
      ok: true,
      value: Date.UTC(2024, 6, 15, 12),
    });
  });
});
