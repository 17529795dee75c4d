/**
 * Loads the CDNOW fixture (tests/fixtures/cdnow/, see its README) for the analytics tests.
 * Not a test file itself: vitest collects only *.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from '../../../src/main/analytics/transactions';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/cdnow/', import.meta.url));

/** The CDNOW calibration period ends on 1997-09-30 (39 weeks from 1997-01-01). */
export const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);

/** "29.33" → 2933, exactly (no binary floating point on the way). */
function dollarsToCents(text: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`unexpected dollar value ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/** CDNOW_sample.txt: `master_id sample_id date(YYYYMMDD) number_of_cds dollar_value`. */
export function loadCdnowTransactions(): Transaction[] {
  const text = readFileSync(`${FIXTURE_DIR}CDNOW_sample.txt`, 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [, sampleId, date, , dollars] = line.split(/\s+/);
      if (!sampleId || !date || !dollars) throw new Error(`bad CDNOW line: ${line}`);
      const at = Date.UTC(
        Number(date.slice(0, 4)),
        Number(date.slice(4, 6)) - 1,
        Number(date.slice(6, 8)),
      );
      return { customerId: String(Number(sampleId)), at, amountMinor: dollarsToCents(dollars) };
    });
}

/** One row of cdnow_customers_summary_with_transactions.csv, kept as the published text. */
export interface PublishedSummaryRow {
  readonly id: string;
  readonly x: string;
  readonly tX: string;
  readonly T: string;
  readonly zbar: string;
}

export function loadPublishedSummary(): PublishedSummaryRow[] {
  const text = readFileSync(`${FIXTURE_DIR}cdnow_customers_summary_with_transactions.csv`, 'utf8');
  const [header, ...lines] = text.split('\n').filter((line) => line.trim().length > 0);
  if (header?.trim() !== 'ID,x,t_x,T,zbar') throw new Error(`unexpected header ${header}`);
  return lines.map((line) => {
    const [id, x, tX, T, zbar] = line.trim().split(',');
    if (!id || !x || !tX || !T || !zbar) throw new Error(`bad summary line: ${line}`);
    return { id, x, tX, T, zbar };
  });
}

/** The published summary as numbers, for model fitting. */
export function loadPublishedSummaryNumbers(): {
  id: string;
  x: number;
  tX: number;
  T: number;
  zbar: number;
}[] {
  return loadPublishedSummary().map((r) => ({
    id: r.id,
    x: Number(r.x),
    tX: Number(r.tX),
    T: Number(r.T),
    zbar: Number(r.zbar),
  }));
}
