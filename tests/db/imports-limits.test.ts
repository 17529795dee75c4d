import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/main/imports/errors';
import { importOrders, type ImportSummary } from '../../src/main/imports/import-orders';
import { openDatabase } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';

// The caps of imports/limits.ts on CSV files: the file's size before it is read, and a cell, a
// row's columns and the row count while it streams — each a clear 'too-large' error naming the cap
// and its limit, before papaparse holds the oversized text. Cells quoted in messages are cut short.

const tempDir = useTempDirs();
const MAX_CELL_CHARS = 32_767; // Excel's limit, imports/limits.ts
const HEADER = 'order_id,ordered_at,email,amount\n';

function fileWith(name: string, content: string | Buffer): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

async function importFile(file: string): Promise<ImportSummary | ImportError> {
  const db = openDatabase(join(tempDir(), 'limits.db'));
  try {
    return await importOrders(db, {
      file,
      source: 'shop',
      options: { defaultCurrency: 'USD', utcOffsetMinutes: 0 },
    });
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  } finally {
    db.close();
  }
}

async function expectTooLarge(file: string, message: RegExp): Promise<void> {
  const result = await importFile(file);
  expect(result).toBeInstanceOf(ImportError);
  const error = result as ImportError;
  expect({ code: error.code, message: error.message }).toEqual({
    code: 'too-large',
    message: expect.stringMatching(message) as unknown,
  });
}

describe('CSV caps', () => {
  it('a file over 100 MB is refused before it is read', async () => {
    const file = fileWith('big.csv', HEADER);
    truncateSync(file, 101 * 1024 * 1024);
    await expectTooLarge(file, /^The file is 101 MB; imports are limited to 100 MB\.$/);
  });

  it('a 2 MB cell is refused by its position, and its text is not echoed', async () => {
    const file = fileWith(
      'cell.csv',
      `${HEADER}o-1,2024-01-05,a@example.com,${'9'.repeat(2 * 1024 * 1024)}\n`,
    );
    await expectTooLarge(
      file,
      /^Cell D2 is larger than 32 KB; cells are limited to 32,767 characters \(32 KB\)\.$/,
    );
  });

  it('an unclosed quote does not swallow the file: its cell is over the cap', async () => {
    const file = fileWith('quote.csv', `${HEADER}o-1,2024-01-05,"${'abc\n'.repeat(1_000_000)}`);
    await expectTooLarge(file, /^Cell C2 is larger than 32 KB; cells are limited/);
  });

  it('a row with more than 16,384 columns', async () => {
    const file = fileWith(
      'wide.csv',
      `${HEADER}o-1,2024-01-05,a@example.com,5${','.repeat(20_000)}\n`,
    );
    await expectTooLarge(
      file,
      /^Row 2 has more than 16,384 columns; rows are limited to 16,384 columns\.$/,
    );
  });

  it('more than 1,000,000 rows', async () => {
    const file = fileWith('long.csv', `${HEADER}${'\n'.repeat(1_000_001)}`);
    await expectTooLarge(
      file,
      /^The file has more than 1,000,000 rows; imports are limited to 1,000,000 rows\.$/,
    );
  });

  it('a legal cell of exactly 32,767 characters, quoted, with delimiters, newlines and quotes, imports', async () => {
    const unit = 'a,b\n""c;'; // 8 characters as written, 7 once read
    const body = unit.repeat(4000); // 28,000 characters once read
    const title = body + 'x'.repeat(MAX_CELL_CHARS - 28_000);
    const file = fileWith(
      'exact.csv',
      `order_id,ordered_at,email,amount,item\no-1,2024-01-05,a@example.com,5,"${title}"\n`,
    );
    const summary = (await importFile(file)) as ImportSummary;
    expect(summary.status).toBe('done');
    expect(summary.ordersImported).toBe(1);
  });

  it('a long invalid value is quoted in its warning cut to 80 characters', async () => {
    const email = `${'x'.repeat(10_000)}-not-an-email`;
    const file = fileWith('email.csv', `${HEADER}o-1,2024-01-05,${email},5\n`);
    const summary = (await importFile(file)) as ImportSummary;
    expect(summary.status).toBe('done');
    const warning = summary.issues.find((issue) => issue.reason.startsWith('invalid email'));
    expect(warning?.reason).toBe(`invalid email '${'x'.repeat(80)}…' ignored`);
  });
});
