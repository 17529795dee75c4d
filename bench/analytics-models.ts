/**
 * How fast the analytics models run: the RFM summary, BG/NBD and Gamma-Gamma fits and customer
 * values on the real CDNOW sample, and the RFM summary plus a BG/NBD fit on a synthetic base of
 * 500,000 orders from 125,000 customers (the size DESIGN.md §11 measured pandas/DuckDB/SQLite on).
 *
 * `run()` returns JSON-able measurements (bench/run.ts collects them); `tsx
 * bench/analytics-models.ts` prints them alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fitBgNbd } from '../src/main/analytics/bgnbd';
import { customerValue, fitGammaGamma } from '../src/main/analytics/gamma-gamma';
import { summariseRfm } from '../src/main/analytics/rfm';
import type { Transaction } from '../src/main/analytics/transactions';

const CDNOW_FILE = fileURLToPath(
  new URL('../tests/fixtures/cdnow/CDNOW_sample.txt', import.meta.url),
);
const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);
const DAY_MS = 86_400_000;

function loadCdnow(): Transaction[] {
  return readFileSync(CDNOW_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [, id = '', date = '', , dollars = ''] = line.trim().split(/\s+/);
      const [whole = '0', cents = '0'] = dollars.split('.');
      return {
        customerId: String(Number(id)),
        at: Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6))),
        amountMinor: Number(whole) * 100 + Number(cents.padEnd(2, '0')),
      };
    });
}

/** Seeded PRNG (mulberry32), so every run measures the same synthetic data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 125,000 customers acquired over 90 days, 4 orders each on average over the next year. */
function syntheticOrders(customers: number, seed: number): Transaction[] {
  const next = random(seed);
  const start = Date.UTC(2024, 0, 1);
  const orders: Transaction[] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `c${c}`;
    const first = start + Math.floor(next() * 90) * DAY_MS + Math.floor(next() * DAY_MS);
    orders.push({ customerId, at: first, amountMinor: 500 + Math.floor(next() * 9500) });
    // Repeat orders: geometric count with mean 3, spread over the following 365 days.
    while (next() < 0.75) {
      const at = first + Math.floor(next() * 365 * DAY_MS);
      orders.push({ customerId, at, amountMinor: 500 + Math.floor(next() * 9500) });
    }
  }
  return orders;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: Math.round((performance.now() - started) * 10) / 10, value };
}

/** Median of `runs` timings, in ms. */
function median(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(fn).ms);
  times.sort((p, q) => p - q);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

export function run(): Promise<Record<string, unknown>> {
  const cdnow = loadCdnow();
  const summary = summariseRfm(cdnow, { calibrationEnd: CDNOW_CALIBRATION_END });
  const bgnbd = time(() => fitBgNbd(summary));
  const gammaGamma = time(() => fitGammaGamma(summary));
  const values = time(() =>
    summary.map((customer) => [
      customerValue({
        bgnbd: bgnbd.value.model,
        gammaGamma: gammaGamma.value.model,
        horizonDays: 90,
        customer,
      }).value,
      customerValue({
        bgnbd: bgnbd.value.model,
        gammaGamma: gammaGamma.value.model,
        horizonDays: 365,
        customer,
        monthlyDiscountRate: 0.01,
      }).value,
    ]),
  );

  const synthetic = syntheticOrders(125_000, 42);
  const syntheticEnd = Date.UTC(2024, 11, 31);
  const bigSummary = time(() => summariseRfm(synthetic, { calibrationEnd: syntheticEnd }));
  const bigFit = time(() => fitBgNbd(bigSummary.value));
  const bigSpend = time(() => fitGammaGamma(bigSummary.value));

  return Promise.resolve({
    cdnow: {
      transactions: cdnow.length,
      customers: summary.length,
      summariseRfmMs: median(9, () =>
        summariseRfm(cdnow, { calibrationEnd: CDNOW_CALIBRATION_END }),
      ),
      fitBgNbdMs: bgnbd.ms,
      fitBgNbdEvaluations: bgnbd.value.evaluations,
      bgnbdParams: bgnbd.value.model.params,
      fitGammaGammaMs: gammaGamma.ms,
      fitGammaGammaEvaluations: gammaGamma.value.evaluations,
      gammaGammaParams: gammaGamma.value.model.params,
      customerValue90dAnd365dAllCustomersMs: values.ms,
    },
    synthetic: {
      transactions: synthetic.length,
      customers: bigSummary.value.length,
      summariseRfmMs: bigSummary.ms,
      fitBgNbdMs: bigFit.ms,
      fitBgNbdEvaluations: bigFit.value.evaluations,
      fitBgNbdConverged: bigFit.value.converged,
      fitGammaGammaMs: bigSpend.ms,
      fitGammaGammaEvaluations: bigSpend.value.evaluations,
      repeatCustomers: bigSpend.value.customers,
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
