import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DEMO_SCALES,
  countRows,
  generateDemoWorkspace,
  type DemoOptions,
  type DemoSummary,
} from '../src/main/demo/generate-demo';
import { openDatabase } from '../src/main/storage/connection';

// How fast the demo generator fills a workspace, at the demo's size and at the benchmark's
// (10,000 viewers and 1,000,000 events in one class, 500,000 orders). Prints JSON.

const SEED = 20_261_122;
/** A fixed "now" so that every run generates exactly the same rows. */
const NOW_MS = Date.UTC(2026, 10, 22, 4, 0, 0);

/**
 * The two scales the CLI offers, and each half of the benchmark scale on its own so that the
 * events figure and the orders figure can be read separately.
 */
export const SCENARIOS: readonly { name: string; options: Partial<DemoOptions> }[] = [
  { name: 'demo', options: DEMO_SCALES.demo },
  { name: 'bench', options: DEMO_SCALES.bench },
  {
    name: 'events-1m',
    options: {
      learners: 12_000,
      sessions: 1,
      viewersPerSession: 10_000,
      eventsPerSession: 1_000_000,
      orders: 0,
    },
  },
  { name: 'orders-500k', options: { learners: 125_000, sessions: 0, orders: 500_000 } },
];

export interface ScenarioResult {
  name: string;
  summary: DemoSummary;
  totalRows: number;
  bytes: number;
  seconds: { generate: number; checkpoint: number };
  rowsPerSecond: number;
  eventsPerSecond: number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function measure(name: string, options: Partial<DemoOptions>): ScenarioResult {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-'));
  try {
    const file = join(dir, 'demo.db');
    const db = openDatabase(file);
    try {
      const started = performance.now();
      const summary = generateDemoWorkspace(db, { ...options, seed: SEED, now: NOW_MS });
      const generated = performance.now();
      db.pragma('wal_checkpoint(TRUNCATE)');
      const checkpointed = performance.now();
      const totalRows = Object.values(countRows(db)).reduce((sum, n) => sum + n, 0);
      const seconds = (generated - started) / 1_000;
      return {
        name,
        summary,
        totalRows,
        bytes: statSync(file).size,
        seconds: {
          generate: round(seconds, 3),
          checkpoint: round((checkpointed - generated) / 1_000, 3),
        },
        rowsPerSecond: Math.round(totalRows / seconds),
        eventsPerSecond: Math.round(summary.events / seconds),
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(): { name: string; scenarios: ScenarioResult[] } {
  return {
    name: 'demo-generate',
    scenarios: SCENARIOS.map((scenario) => measure(scenario.name, scenario.options)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(run(), null, 2));
}
