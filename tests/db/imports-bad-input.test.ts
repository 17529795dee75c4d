import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, type ImportErrorCode } from '../../src/main/imports/errors';
import { importOrders, type ImportInput } from '../../src/main/imports/import-orders';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { listImportRuns } from '../../src/main/storage/queries/imports';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

function fileWith(name: string, content: string | Uint8Array): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

function written(db: Db): { orders: number; lines: number; learners: number; identities: number } {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines,
              (SELECT count(*) FROM learners) AS learners,
              (SELECT count(*) FROM learner_identities) AS identities`,
    )
    .get() as { orders: number; lines: number; learners: number; identities: number };
}

/** Expects the import to fail with `code` and a message, to write nothing, and to record the failure. */
async function expectFailure(
  input: Omit<ImportInput, 'source'>,
  code: ImportErrorCode,
  message: RegExp,
): Promise<void> {
  const db = openDatabase(join(tempDir(), 'bad.db'));
  const error = await importOrders(db, {
    source: 'shop',
    options: { defaultCurrency: 'USD' },
    ...input,
  }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).code).toBe(code);
  expect((error as ImportError).message).toMatch(message);
  expect(written(db)).toEqual({ orders: 0, lines: 0, learners: 0, identities: 0 });
  const runs = listImportRuns(db, { limit: 10, offset: 0 });
  if (code === 'bad-input') {
    expect(runs.total).toBe(0);
  } else {
    expect(runs.total).toBe(1);
    const [run] = runs.rows;
    expect(run?.status).toBe('failed');
    expect(run?.id).toBe((error as ImportError).runId);
    expect(JSON.parse(run?.failure ?? 'null')).toEqual({
      code,
      message: (error as ImportError).message,
    });
  }
  db.close();
}

describe('bad input: a clear error and nothing written', () => {
  it('an empty file', async () => {
    await expectFailure({ file: fileWith('empty.csv', '') }, 'empty-file', /^The file is empty\.$/);
  });

  it('a file of a BOM and blank lines only', async () => {
    await expectFailure(
      { file: fileWith('blank.csv', '\uFEFF\r\n\r\n  \r\n') },
      'empty-file',
      /no rows/,
    );
  });

  it('a header with no data rows', async () => {
    await expectFailure(
      { file: fileWith('header.csv', 'order_id,ordered_at,email,amount,currency\r\n') },
      'no-data',
      /^The file has a header but no data rows\.$/,
    );
  });

  it('a binary file', async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    await expectFailure(
      { file: fileWith('picture.csv', png) },
      'binary-file',
      /binary file, not CSV/,
    );
  });

  it('a Latin-1 file', async () => {
    const latin1 = Buffer.from(
      'order_id,ordered_at,name,amount\n1,2024-01-01,Ren\xe9,5\n',
      'latin1',
    );
    await expectFailure(
      { file: fileWith('latin1.csv', latin1) },
      'not-utf8',
      /^The file is not UTF-8 or GB18030 text: line 2 has the byte 0xE9 \(offset 48\), which is not valid utf-8\. Save it as "CSV UTF-8"/,
    );
  });

  it('a missing required column', async () => {
    await expectFailure(
      {
        file: fileWith(
          'no-date.csv',
          'order_id,email,amount\n1,a@example.com,5\n2,b@example.com,6\n',
        ),
      },
      'missing-columns',
      /^Cannot import: the closest preset \(generic\) found no column for order date\. The header has: order_id, email, amount\.$/,
    );
    await expectFailure(
      { file: fileWith('nothing.csv', 'foo,bar\n1,2\n') },
      'missing-columns',
      /^Cannot import: no preset matches this header: no column for order id, order date, an amount/,
    );
  });

  it('a workbook that is not one, a workbook given as CSV, an old .xls', async () => {
    await expectFailure(
      { file: fileWith('fake.xlsx', 'a,b\n1,2\n') },
      'unreadable-xlsx',
      /not an XLSX workbook/,
    );
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    await expectFailure(
      { file: fileWith('book.xlsx', zip), format: 'csv' },
      'binary-file',
      /import it as XLSX/,
    );
    await expectFailure(
      { file: fileWith('broken.xlsx', zip) },
      'unreadable-xlsx',
      /cannot be read/,
    );
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expectFailure(
      { file: fileWith('old.xls', ole) },
      'unsupported-format',
      /old Excel \.xls/,
    );
  });

  it('a file that does not exist', async () => {
    await expectFailure({ file: join(tempDir(), 'nope.csv') }, 'file-not-found', /^Cannot read /);
  });

  it('an invalid mapping or source is refused before anything starts', async () => {
    await expectFailure(
      {
        file: fileWith('ok.csv', 'order_id,date,amount\n1,2024-01-01,5\n'),
        mapping: { dateOrder: 'YDM' } as never,
      },
      'bad-input',
      /^The mapping is not valid: dateOrder: /,
    );
    const db = openDatabase(join(tempDir(), 'source.db'));
    await expect(importOrders(db, { source: ' ', rows: [] })).rejects.toThrow(
      /source must be 1 to 40/,
    );
    db.close();
  });
});
