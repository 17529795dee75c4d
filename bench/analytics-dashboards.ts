/**
 * How long the course dashboard and the workspace overview take, on workspaces made by the demo
 * generator: the demo's own size (~500 learners, 12 classes, a year of orders) and the benchmark
 * scale (125,000 learners, 500,000 orders, one class of 10,000 viewers and 1,000,000 events).
 *
 * The jobs run in-process exactly as the analytics worker runs them (on a read-only connection):
 * - workspace cold: the first `analytics.workspace` on a database, which loads the customer base
 *   and fits BG/NBD and Gamma-Gamma (later calls reuse them while the data are unchanged);
 * - workspace warm: the same call again (revenue, buyers, values and the forecast only);
 * - per phase of the cold call, from its progress events;
 * - course: `analytics.course` for the course of the newest class.
 *
 * `npx tsx bench/run.ts analytics-dashboards`; `npx tsx bench/analytics-dashboards.ts [demo|bench]`
 * runs it alone (both scales by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  courseDashboardJob,
  workspaceOverviewJob,
} from '../src/main/analytics/worker/dashboard-jobs';
import { inProcessContext } from '../src/main/analytics/worker/job-context';
import { DEMO_SCALES, generateDemoWorkspace } from '../src/main/demo/generate-demo';
import { openDatabase } from '../src/main/storage/connection';

const SEED = 20_261_122;
/** A fixed "now" so that every run generates and measures the same rows. */
const NOW_MS = Date.UTC(2026, 10, 22, 4, 0, 0);

const round = (ms: number): number => Math.round(ms * 10) / 10;

function measure(scale: keyof typeof DEMO_SCALES): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-dash-'));
  try {
    const file = join(dir, 'encore.db');
    const writer = openDatabase(file);
    const generateStarted = performance.now();
    const summary = generateDemoWorkspace(writer, {
      ...DEMO_SCALES[scale],
      seed: SEED,
      now: NOW_MS,
    });
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.close();
    const generateMs = performance.now() - generateStarted;

    const db = openDatabase(file, { readonly: true });
    try {
      // Time spent per progress phase: a phase lasts until the next one starts.
      const phases: Record<string, number> = {};
      const current: { phase: string | null; since: number } = { phase: null, since: 0 };
      const close = (at: number): void => {
        if (current.phase !== null) {
          phases[current.phase] = round((phases[current.phase] ?? 0) + at - current.since);
        }
      };
      const ctx = inProcessContext(NOW_MS, 'en', (next) => {
        if (next === current.phase) return;
        const at = performance.now();
        close(at);
        current.phase = next;
        current.since = at;
      });
      const coldStarted = performance.now();
      const overview = workspaceOverviewJob(db, file, { forecastWeeks: 26 }, ctx);
      const coldMs = performance.now() - coldStarted;
      close(performance.now());

      const warmStarted = performance.now();
      workspaceOverviewJob(db, file, { forecastWeeks: 26 }, inProcessContext(NOW_MS));
      const warmMs = performance.now() - warmStarted;

      const newest = db
        .prepare(
          'SELECT course_id FROM sessions WHERE course_id IS NOT NULL ORDER BY started_at DESC LIMIT 1',
        )
        .get() as { course_id: number } | undefined;
      let course: Record<string, unknown> | null = null;
      if (newest) {
        const started = performance.now();
        const dashboard = courseDashboardJob(
          db,
          { courseId: newest.course_id as never },
          inProcessContext(NOW_MS),
        );
        course = {
          ms: round(performance.now() - started),
          classes: dashboard.classes.length,
          buyers: dashboard.repurchase?.buyers ?? 0,
          cohorts: dashboard.cohorts?.cohorts.length ?? 0,
        };
      }
      const end = overview.forecast?.weeks[overview.forecast.weeks.length - 1];
      return {
        scale,
        rows: {
          learners: summary.learners,
          orders: summary.orders,
          sessions: summary.sessions,
          events: summary.events,
        },
        generateSeconds: round(generateMs / 1000),
        workspaceColdMs: round(coldMs),
        workspaceWarmMs: round(warmMs),
        coldPhasesMs: phases,
        course,
        forecast: end
          ? {
              customers: overview.forecast?.customers,
              week26: {
                expected: round(end.expected),
                lower: round(end.lower),
                upper: round(end.upper),
                processSd: round(end.processSd),
                parameterSd: end.parameterSd === null ? null : round(end.parameterSd),
              },
            }
          : null,
        revenueMonths: overview.revenue.months.length,
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(
  scales: readonly (keyof typeof DEMO_SCALES)[] = ['demo', 'bench'],
): Promise<Record<string, unknown>> {
  return Promise.resolve(Object.fromEntries(scales.map((scale) => [scale, measure(scale)])));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const asked = process.argv
    .slice(2)
    .filter((a): a is keyof typeof DEMO_SCALES => a in DEMO_SCALES);
  console.log(JSON.stringify(await run(asked.length > 0 ? asked : undefined), null, 2));
}
