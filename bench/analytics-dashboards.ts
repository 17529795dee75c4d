/**
 * How long the course dashboard and the workspace overview take, on workspaces made by the demo
 * generator: the demo's own size (~500 learners, 12 classes, a year of orders) and the benchmark
 * scale (125,000 learners, 500,000 orders, one class of 10,000 viewers and 1,000,000 events).
 *
 * The jobs run in-process exactly as the analytics worker runs them (on a read-only connection):
 * - workspace cold: the first `analytics.workspace` on a database, which loads the customer base
 *   and fits BG/NBD and Gamma-Gamma (later calls reuse them while the data are unchanged);
 * - workspace again: the same call again, answered from the overview kept while the data are
 *   unchanged (what switching back to the Workspace view costs);
 * - per phase of the cold call, from its progress events;
 * - course: `analytics.course` for the course of the newest class;
 * - api: the same two methods through a studio's router, i.e. in the analytics worker thread
 *   with its own read-only connection and structured clone of the answer. The first call also
 *   starts the worker thread (under tsx, which compiles its modules on the way). Then, in a
 *   second studio with the background warm-up on: how long the warm-up took (`warmUpMs`) and
 *   the Workspace view's first call once it has finished (`workspaceAfterWarmUpMs`).
 *
 * `npx tsx bench/run.ts analytics-dashboards`; `npx tsx bench/analytics-dashboards.ts [demo|bench]`
 * runs it alone (both scales by default).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  courseDashboardJob,
  workspaceOverviewJob,
} from '../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../src/main/insights/worker/job-context';
import { createStudio } from '../src/main/app/create-studio';
import { createSilentLogger } from '../src/main/kernel/logger';
import { databaseFile, workspaceDir } from '../src/main/storage/workspace';
import type { MethodInput, MethodName } from '../src/shared/contract';
import { DEMO_SCALES, generateDemoWorkspace } from '../src/main/demo/generate-demo';
import { openDatabase } from '../src/main/storage/connection';
import { measureAfterWarmUp } from './analytics/warm-up';

const SEED = 20_261_122;
/** A fixed "now" so that every run generates and measures the same rows. */
const NOW_MS = Date.UTC(2026, 10, 22, 4, 0, 0);

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The two methods through a studio's router (the analytics worker), cold then again. */
async function measureApi(
  dataDir: string,
  courseId: number | null,
): Promise<Record<string, number>> {
  const studio = createStudio({
    dataDir,
    host: 'test',
    logger: createSilentLogger(),
    clock: () => NOW_MS,
  });
  let cold: Record<string, number>;
  try {
    const timed = async <M extends MethodName>(
      method: M,
      input: MethodInput<M>,
    ): Promise<number> => {
      const started = performance.now();
      const result = await studio.router.handle(method, input, { transport: 'test' });
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return round(performance.now() - started);
    };
    cold = {
      workspaceColdMs: await timed('analytics.workspace', {}),
      workspaceAgainMs: await timed('analytics.workspace', {}),
      ...(courseId === null ? {} : { courseMs: await timed('analytics.course', { courseId }) }),
    };
  } finally {
    studio.close();
  }
  // A second studio (a new worker thread, nothing cached): warmed up in the background first.
  return { ...cold, ...(await measureAfterWarmUp(dataDir, NOW_MS)) };
}

async function measure(scale: keyof typeof DEMO_SCALES): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-dash-'));
  try {
    // The studio's default workspace, so that the API part can open it as it is.
    const workspace = workspaceDir(dir, 'default');
    mkdirSync(workspace, { recursive: true });
    const file = databaseFile(workspace);
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

      const againStarted = performance.now();
      workspaceOverviewJob(db, file, { forecastWeeks: 26 }, inProcessContext(NOW_MS));
      const againMs = performance.now() - againStarted;

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
      db.close();
      const api = await measureApi(dir, newest?.course_id ?? null);
      return {
        scale,
        rows: {
          learners: summary.learners,
          orders: summary.orders,
          sessions: summary.sessions,
          events: summary.events,
        },
        generateSeconds: round(generateMs / 1000),
        api,
        workspaceColdMs: round(coldMs),
        workspaceAgainMs: round(againMs),
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
      if (db.open) db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(
  scales: readonly (keyof typeof DEMO_SCALES)[] = ['demo', 'bench'],
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  // One at a time: measurements must not compete for the CPU.
  for (const scale of scales) results[scale] = await measure(scale);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const asked = process.argv
    .slice(2)
    .filter((a): a is keyof typeof DEMO_SCALES => a in DEMO_SCALES);
  console.log(JSON.stringify(await run(asked.length > 0 ? asked : undefined), null, 2));
}
