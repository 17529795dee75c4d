/**
 * The measurements of `npm run bench:analytics` (bench/analytics.ts), each run in a process of
 * its own on the generated workspace `file`. Not a benchmark itself (bench/run.ts does not scan
 * subfolders).
 */
import { resolve } from 'node:path';
import {
  summariseRfm,
  summariseRfmColumns,
  type RfmSummaryRow,
} from '../../src/main/analytics/rfm';
import { fitBgNbd } from '../../src/main/analytics/bgnbd';
import { fitGammaGamma } from '../../src/main/analytics/gamma-gamma';
import { cohortMatrix, type Purchase } from '../../src/main/analytics/repurchase';
import {
  courseDashboardJob,
  workspaceOverviewJob,
} from '../../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { sessionCustomersJob } from '../../src/main/insights/worker/session-customers';
import { openDatabase } from '../../src/main/storage/connection';
import type { CourseId, SessionId } from '../../src/shared/model/ids';
import { duckDbCohortAndRfm } from './duckdb';
import { measureAfterWarmUp } from './warm-up';

export const TASKS = [
  'session-customers',
  'workspace',
  'workspace-warm-up',
  'course',
  'cohort-rfm',
  'bgnbd-gg',
] as const;
export type Task = (typeof TASKS)[number];

const round = (ms: number): number => Math.round(ms * 10) / 10;

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: round(performance.now() - started), value };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Per-phase times from a job's progress events: a phase lasts until the next one starts. */
function phaseClock(): {
  onProgress: (phase: string) => void;
  stop: () => Record<string, number>;
} {
  const phases: Record<string, number> = {};
  let phase: string | null = null;
  let since = performance.now();
  const close = (): void => {
    const now = performance.now();
    if (phase !== null) phases[phase] = round((phases[phase] ?? 0) + now - since);
    since = now;
  };
  return {
    onProgress: (next) => {
      if (next === phase) return;
      close();
      phase = next;
    },
    stop: () => {
      close();
      return phases;
    },
  };
}

interface OrderRow {
  learner_id: number;
  ordered_at: number;
  net: number;
}

/** The workspace's paid orders of known learners, as the customer models see them. */
function paidOrders(db: ReturnType<typeof openDatabase>, nowMs: number): OrderRow[] {
  return db
    .prepare(
      `SELECT learner_id, ordered_at, total_minor - refunded_minor AS net FROM orders
       WHERE status IN ('paid', 'partially_refunded') AND learner_id IS NOT NULL
         AND ordered_at <= ?`,
    )
    .all(nowMs) as OrderRow[];
}

function asPurchases(rows: readonly OrderRow[]): Purchase[] {
  return rows.map((r) => ({
    customerId: String(r.learner_id),
    at: r.ordered_at,
    amountMinor: r.net,
  }));
}

export async function measureTask(
  task: Task,
  file: string,
  nowMs: number,
): Promise<Record<string, unknown>> {
  const db = openDatabase(file, { readonly: true });
  try {
    switch (task) {
      case 'session-customers': {
        const sessionId = (db.prepare('SELECT max(id) AS id FROM sessions').get() as { id: number })
          .id as SessionId;
        const args = {
          sessionId,
          attendeeLimit: 50,
          attendeeOffset: 0,
          followUpLimit: 15,
          followUpOffset: 0,
        };
        const clock = phaseClock();
        const first = time(() =>
          sessionCustomersJob(db, file, args, inProcessContext(nowMs, 'en', clock.onProgress)),
        );
        const firstPhasesMs = clock.stop();
        const again = time(() => sessionCustomersJob(db, file, args, inProcessContext(nowMs)));
        const otherWindow = time(() =>
          sessionCustomersJob(
            db,
            file,
            { ...args, attributionWindowDays: 30 },
            inProcessContext(nowMs),
          ),
        );
        return {
          firstMs: first.ms,
          firstPhasesMs,
          againMs: again.ms,
          otherWindowMs: otherWindow.ms,
          attendees: first.value.attendees,
          withPrediction: first.value.values?.withPrediction ?? 0,
          segments: first.value.segments?.k ?? 0,
          nextCourse: first.value.nextCourse?.title ?? null,
          followUps: first.value.followUp.total,
          findings: first.value.insights.findings.length,
        };
      }
      case 'workspace': {
        const clock = phaseClock();
        const first = time(() =>
          workspaceOverviewJob(
            db,
            file,
            { forecastWeeks: 26 },
            inProcessContext(nowMs, 'en', clock.onProgress),
          ),
        );
        const firstPhasesMs = clock.stop();
        const again = time(() =>
          workspaceOverviewJob(db, file, { forecastWeeks: 26 }, inProcessContext(nowMs)),
        );
        return {
          firstMs: first.ms,
          firstPhasesMs,
          againMs: again.ms,
          customers: first.value.forecast?.customers ?? null,
        };
      }
      case 'workspace-warm-up':
        // `file` is <dataDir>/workspaces/default/<database>: a studio opens that workspace.
        return await measureAfterWarmUp(resolve(file, '..', '..', '..'), nowMs);
      case 'course': {
        const newest = db
          .prepare(
            'SELECT course_id FROM sessions WHERE course_id IS NOT NULL ORDER BY started_at DESC LIMIT 1',
          )
          .get() as { course_id: number } | undefined;
        if (!newest) return { skipped: 'no class with a course' };
        const courseId = newest.course_id as CourseId;
        const first = time(() => courseDashboardJob(db, { courseId }, inProcessContext(nowMs)));
        const again = time(() => courseDashboardJob(db, { courseId }, inProcessContext(nowMs)));
        return {
          firstMs: first.ms,
          againMs: again.ms,
          buyers: first.value.repurchase?.buyers ?? 0,
        };
      }
      case 'cohort-rfm': {
        const rows = paidOrders(db, nowMs);
        const purchases = asPurchases(rows);
        const runs = (): { cohort: number; rfm: number; rfmColumns: number } => {
          const c = time(() => cohortMatrix(purchases, { end: nowMs }));
          // What the product calls (customer-base.ts summarises its Purchase[]).
          const r = time(() => summariseRfm(purchases, { calibrationEnd: nowMs, timeUnitDays: 7 }));
          // The columnar entry from the rows as read, conversion included (for reference).
          const rc = time(() => {
            const customer = new Float64Array(rows.length);
            const at = new Float64Array(rows.length);
            const amountMinor = new Float64Array(rows.length);
            rows.forEach((o, i) => {
              customer[i] = o.learner_id;
              at[i] = o.ordered_at;
              amountMinor[i] = o.net;
            });
            return summariseRfmColumns(
              { customer, at, amountMinor },
              { calibrationEnd: nowMs, timeUnitDays: 7 },
            );
          });
          return { cohort: c.ms, rfm: r.ms, rfmColumns: rc.ms };
        };
        const measured = [runs(), runs(), runs()];
        const cohortPlusRfmMs = median(measured.map((m) => round(m.cohort + m.rfm)));
        const duck = await duckDbCohortAndRfm(rows, nowMs);
        return {
          orders: purchases.length,
          cohortMs: median(measured.map((m) => m.cohort)),
          rfmMs: median(measured.map((m) => m.rfm)),
          rfmColumnsMs: median(measured.map((m) => m.rfmColumns)),
          cohortPlusRfmMs,
          firstRunMs: round((measured[0]?.cohort ?? 0) + (measured[0]?.rfm ?? 0)),
          ...(typeof duck === 'string'
            ? { duckDb: duck }
            : {
                duckDbMs: duck.ms,
                duckDbCustomers: duck.customers,
                ratioToDuckDb: Number((cohortPlusRfmMs / duck.ms).toFixed(2)),
              }),
        };
      }
      case 'bgnbd-gg': {
        // The workspace's customers (every learner with a paid order), weeks, as the base fits them.
        const rfm: RfmSummaryRow[] = summariseRfm(asPurchases(paidOrders(db, nowMs)), {
          calibrationEnd: nowMs,
          timeUnitDays: 7,
        });
        const fit = time(() => {
          const bgnbd = fitBgNbd(rfm, { timeUnitDays: 7 });
          const gg = fitGammaGamma(rfm);
          return { bgnbd, gg };
        });
        return {
          customers: rfm.length,
          fitMs: fit.ms,
          bgnbd: { ...fit.value.bgnbd.model.params },
          bgnbdEvaluations: fit.value.bgnbd.evaluations,
          gammaGamma: { ...fit.value.gg.model.params },
          gammaGammaEvaluations: fit.value.gg.evaluations,
        };
      }
    }
  } finally {
    db.close();
  }
}
