/**
 * `npm run bench:analytics [-- --learners N --orders N --viewers N --events N --cpu-prof DIR
 * --only TASK,TASK]`:
 * the speed-at-scale figures of the analytics (issue #14), as one JSON document with the
 * machine's load average before and after. Default sizes: the benchmark workspace (125,000
 * learners, 500,000 orders, one class of 10,000 viewers and 1,000,000 events).
 *
 * The workspace is generated once; every figure that is a "first call" is then measured in a
 * process of its own (the jobs keep their models per process), so that no measurement profits
 * from another's caches or JIT warm-up:
 * - `report.sessionCustomers` first call (per phase) and again;
 * - `analytics.workspace` first call and again; the course dashboard of the class's course;
 * - the studio's background warm-up on the workspace, then `analytics.workspace` through the
 *   router once it has finished (what the Workspace view's first call costs in the app);
 * - cohort matrix + RFM summary over the workspace's paid orders, and the same two results
 *   computed by DuckDB over the same orders in the same run (the ratio is the target: ≤ 1.2);
 * - BG/NBD + Gamma-Gamma fitted on 125,000 synthetic customers (500,000 orders).
 * DuckDB (`@duckdb/node-api`) is a bench-only dev dependency: without it the ratio is skipped
 * with a note. `--cpu-prof DIR` writes a V8 CPU profile of every child process to DIR; `--only`
 * measures the named tasks alone (session-customers, workspace, workspace-warm-up, course,
 * cohort-rfm, bgnbd-gg).
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_BENCH_SCALE, generateDemoWorkspace } from '../src/main/demo/generate-demo';
import { openDatabase } from '../src/main/storage/connection';
import { databaseFile, workspaceDir } from '../src/main/storage/workspace';
import { measureTask, TASKS, type Task } from './analytics/tasks';

const SEED = 20_261_122;
/** A fixed "now" so that every run generates and measures the same rows. */
export const NOW_MS = Date.UTC(2026, 10, 22, 4, 0, 0);

export interface Sizes {
  learners: number;
  orders: number;
  viewers: number;
  events: number;
}

const load = (): number[] => loadavg().map((v) => Number(v.toFixed(2)));

function parseArgs(argv: readonly string[]): {
  sizes: Sizes;
  cpuProf: string | null;
  tasks: readonly Task[];
} {
  const sizes: Sizes = {
    learners: DEMO_BENCH_SCALE.learners,
    orders: DEMO_BENCH_SCALE.orders,
    viewers: DEMO_BENCH_SCALE.viewersPerSession,
    events: DEMO_BENCH_SCALE.eventsPerSession,
  };
  let cpuProf: string | null = null;
  let tasks: readonly Task[] = TASKS;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    const name = flag.replace(/^--/, '');
    if (name === 'cpu-prof') {
      cpuProf = resolve(value ?? 'bench-profiles');
      i++;
      continue;
    }
    if (name === 'only') {
      const wanted = (value ?? '').split(',');
      const unknown = wanted.filter((t) => !(TASKS as readonly string[]).includes(t));
      if (unknown.length > 0) {
        throw new Error(
          `bench:analytics: unknown task ${unknown.join(', ')} (use ${TASKS.join(', ')})`,
        );
      }
      tasks = wanted as Task[];
      i++;
      continue;
    }
    if (!(name in sizes) || value === undefined || !/^\d+$/.test(value)) {
      throw new Error(
        `bench:analytics: unknown or bad flag ${flag} ${value ?? ''} (use --learners N --orders N --viewers N --events N --cpu-prof DIR --only TASK,TASK)`,
      );
    }
    sizes[name as keyof Sizes] = Number(value);
    i++;
  }
  return { sizes, cpuProf, tasks };
}

/** Runs one task in a fresh process (tsx's loader is inherited) and returns its measurements. */
function inChild(
  task: Task,
  file: string,
  cpuProf: string | null,
): Promise<Record<string, unknown>> {
  const execArgv = [...process.execArgv];
  if (cpuProf !== null) execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProf}`);
  const child = fork(fileURLToPath(import.meta.url), ['--child', task, file], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolvePromise, reject) => {
    let answer: Record<string, unknown> | null = null;
    child.on('message', (message) => {
      answer = message as Record<string, unknown>;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer) resolvePromise(answer);
      else reject(new Error(`${task}: child exited with ${code ?? 'a signal'}`));
    });
  });
}

export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const { sizes, cpuProf, tasks } = parseArgs(argv);
  if (cpuProf !== null) mkdirSync(cpuProf, { recursive: true });
  const loadBefore = load();
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-analytics-'));
  try {
    const workspace = workspaceDir(dir, 'default');
    mkdirSync(workspace, { recursive: true });
    const file = databaseFile(workspace);
    const writer = openDatabase(file);
    const started = performance.now();
    const summary = generateDemoWorkspace(writer, {
      seed: SEED,
      now: NOW_MS,
      learners: sizes.learners,
      sessions: 1,
      viewersPerSession: sizes.viewers,
      eventsPerSession: sizes.events,
      orders: sizes.orders,
    });
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.close();
    const generateSeconds = Math.round(performance.now() - started) / 1000;

    const results: Record<string, unknown> = {};
    // One at a time: measurements must not compete for the CPU.
    for (const task of tasks) {
      console.error(`bench:analytics: ${task}…`);
      try {
        results[task] = { loadAverage1m: load()[0], ...(await inChild(task, file, cpuProf)) };
      } catch (error) {
        results[task] = { error: error instanceof Error ? error.message : String(error) };
      }
    }
    const figures = headline(results);
    return {
      machine: {
        node: process.version,
        cpus: availableParallelism(),
        cpu: cpus()[0]?.model ?? 'unknown',
        // Only comparable on a quiet machine: say how busy this one was (1, 5, 15 minutes).
        loadAverageBefore: loadBefore,
        loadAverageAfter: load(),
      },
      sizes,
      generated: { seconds: generateSeconds, ...summary },
      figures,
      results,
      ...(cpuProf === null ? {} : { cpuProfiles: cpuProf }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The targets next to what was measured. */
function headline(results: Record<string, unknown>): Record<string, unknown> {
  const get = (task: string, key: string): number | null => {
    const r = results[task] as Record<string, unknown> | undefined;
    const v = r?.[key];
    return typeof v === 'number' ? v : null;
  };
  const ratio = get('cohort-rfm', 'ratioToDuckDb');
  return {
    sessionCustomersFirstMs: get('session-customers', 'firstMs'),
    sessionCustomersAgainMs: get('session-customers', 'againMs'),
    workspaceFirstMs: get('workspace', 'firstMs'),
    // The studio's background warm-up (a studio on the workspace), then the view's first call.
    warmUpMs: get('workspace-warm-up', 'warmUpMs'),
    workspaceAfterWarmUpMs: get('workspace-warm-up', 'workspaceAfterWarmUpMs'),
    courseDashboardMs: get('course', 'firstMs'),
    cohortPlusRfmMs: get('cohort-rfm', 'cohortPlusRfmMs'),
    duckDbCohortPlusRfmMs: get('cohort-rfm', 'duckDbMs'),
    cohortPlusRfmRatioToDuckDb: ratio,
    bgNbdPlusGammaGammaMs: get('bgnbd-gg', 'fitMs'),
    targets: {
      sessionCustomersFirstMs: 5_000,
      sessionCustomersAgainMs: 500,
      workspaceFirstMs: 2_000,
      workspaceAfterWarmUpMs: 2_000,
      courseDashboardMs: 1_000,
      cohortPlusRfmRatioToDuckDb: 1.2,
      bgNbdPlusGammaGammaMs: 1_500,
    },
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === '--child') {
  const task = process.argv[3] as Task;
  const file = process.argv[4] ?? '';
  let answer: Record<string, unknown>;
  try {
    answer = await measureTask(task, file, NOW_MS);
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  process.send?.(answer);
  if (process.connected) process.disconnect();
} else if (isMain) {
  console.log(JSON.stringify(await run(process.argv.slice(2)), null, 2));
}
