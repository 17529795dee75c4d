import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importOrders, type ImportSummary } from '../src/main/imports/import-orders';
import { openDatabase, type Db } from '../src/main/storage/connection';

// How fast orders import: the 40,000-line UCI Online Retail sample (beside the repository, in
// ../shared/datasets/online-retail/) as CSV into an empty workspace, the same file again (every
// order unchanged), and the XLSX original into an empty workspace. Prints JSON.

const here = dirname(fileURLToPath(import.meta.url));
const DATASET = join(here, '..', '..', 'shared', 'datasets', 'online-retail');
const CSV = join(DATASET, 'OnlineRetail_random40k.csv');
const XLSX = join(DATASET, 'OnlineRetail_random40k.xlsx');

export interface ImportBenchResult {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  summary: Omit<ImportSummary, 'issues'>;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

async function measure(name: string, db: Db, file: string): Promise<ImportBenchResult> {
  const started = performance.now();
  const { issues: _issues, ...summary } = await importOrders(db, {
    file,
    source: 'online-retail',
    options: { utcOffsetMinutes: 0 },
  });
  const seconds = (performance.now() - started) / 1_000;
  return {
    name,
    rows: summary.rowsRead,
    seconds: round(seconds, 3),
    rowsPerSecond: Math.round(summary.rowsRead / seconds),
    summary,
  };
}

export async function run(): Promise<{ name: string; scenarios: ImportBenchResult[] }> {
  if (!existsSync(CSV) || !existsSync(XLSX)) {
    throw new Error(`the Online Retail sample is not at ${DATASET} (see DESIGN.md §10)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-'));
  try {
    const scenarios: ImportBenchResult[] = [];
    const db = openDatabase(join(dir, 'csv.db'));
    try {
      scenarios.push(await measure('csv-40k-first', db, CSV));
      scenarios.push(await measure('csv-40k-again', db, CSV));
    } finally {
      db.close();
    }
    const xlsx = openDatabase(join(dir, 'xlsx.db'));
    try {
      scenarios.push(await measure('xlsx-40k-first', xlsx, XLSX));
    } finally {
      xlsx.close();
    }
    return { name: 'imports', scenarios };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
