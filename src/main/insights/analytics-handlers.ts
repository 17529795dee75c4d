import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import {
  IMPORT_ISSUES_SHOWN,
  type ENGAGEMENT_KINDS,
  type analyticsMethods,
} from '../../shared/contract/analytics-api';
import { dashboardMethods } from '../../shared/contract/dashboards-api';
import type { highValueMethods } from '../../shared/contract/high-value-api';
import { StudioError } from '../../shared/contract/errors';
import type { MethodArgs, MethodOutput } from '../../shared/contract/studio-api';
import type { Language } from '../../shared/model/domain';
import type { OrderId } from '../../shared/model/ids';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Logger } from '../kernel/logger';
import type { Handler } from '../kernel/router';
import { databaseFile, type Workspace } from '../storage/workspace';
import {
  ImportError,
  importOrders,
  type ImportMapping,
  type ImportSummary as ImporterSummary,
} from '../imports';
import { maskEmail, maskPhone } from '../../shared/model/identity';
import type { PreviewInput, PreviewOutput } from '../imports/preview';
import type { ParsedImport, ReadControl, ReadImportInput } from '../imports/read-import';
import type { Db } from '../storage/connection';
import { workspaceTimeZone } from '../storage/queries/import-wizard';
import {
  deleteImportMapping,
  getImportMapping,
  listImportMappings,
  listImportRuns,
  lastRunId,
  listUnmatchedOrders,
  markInterruptedImportRuns,
  saveImportMapping,
  type ImportRunRow,
} from '../storage/queries/imports';
import type { INTERACTION_KINDS } from '../analytics/session-metrics';
import { AnalyticsWorker } from './worker/analytics-worker-host';
import { AnalyticsWarmUp, warmUpListener, type WarmUpOptions } from './analytics-warm-up';
import type { ImportJobResult } from './worker/import-jobs';
import type { DatabaseJobKind, DatabaseJobs, JobKind, JobRequest } from './worker/protocol';

// The analytics, dashboard and import methods of the studio API.
//
// Where the work runs:
// - report.session, report.sessionCustomers and analytics.* (the dashboards too) run in the analytics worker thread (worker/), on a read-only
//   connection of their own (DESIGN.md §4), one job at a time, with progress and cancel.
// - imports read and check a file in a second thread of the same kind (the import worker: its own
//   queue, so a long report never delays an import, and a heap limit of its own): a crafted or
//   large file costs that thread's time and memory, not the live class's event loop (the file is
//   held to the caps of imports/limits.ts before it is inflated or parsed). imports.preview runs
//   there whole. imports.run writes here, on the studio's one writable connection: importOrders
//   gets the checked orders from the worker, then writes transactions of ~1,000 rows with a turn
//   of the event loop between them (measured: ~10–20 ms per batch), so a live class keeps its
//   writes flowing. A second writable connection in the worker would be safe for the
//   data (WAL + busy_timeout serialise writers), but a 5 s busy wait could then fall on the live
//   audience's acknowledgements, and "one writer" (DESIGN.md §1) would no longer hold.
//   One import runs at a time.

type AnalyticsMethod =
  | keyof typeof analyticsMethods
  | keyof typeof dashboardMethods
  | keyof Pick<typeof highValueMethods, 'analytics.highValue'>;
export type AnalyticsHandlerMap = { [M in AnalyticsMethod]: Handler<M> };

export interface AnalyticsDeps {
  workspace: () => Workspace;
  clock: Clock;
  emit: EventBus['emit'];
  /** The caller's language (the studio's setting): insights and reasons are written in it. */
  language: () => Language;
  logger: Logger;
  nativeBinding?: string | undefined;
  /** The background warm-up of the Workspace view's models (analytics-warm-up.ts); off if false. */
  warmUp?: WarmUpOptions | false;
  /** What the warm-up listens to, and whether a class is live. */
  studio?: { events: Pick<EventBus, 'subscribe'>; live: () => boolean };
}

/** The import thread's heap limit (MB). */
const IMPORT_WORKER_HEAP_MB = 1_536;

/** Set to 1 by tests: the worker honours its test-crash/test-spin job ids. */
export const ANALYTICS_TEST_HOOKS_ENV = 'ENCORE_ANALYTICS_TEST_HOOKS';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The contract repeats a list of the core (src/shared may not import src/main): keep them equal.
const _kindsAgree: Same<(typeof ENGAGEMENT_KINDS)[number], (typeof INTERACTION_KINDS)[number]> =
  true;

/** The analytics handlers, and what other parts of the studio need to know of them. */
export interface Analytics {
  handlers: AnalyticsHandlerMap;
  /** Whether an order import is writing (it may link orders to learners as it goes). */
  importRunning(): boolean;
  /** Drops every in-memory copy of learners' data the analytics keep between calls. */
  forgetCachedData(): void;
  /** The background warm-up, null when off. */
  warmUp: AnalyticsWarmUp | null;
}

export function createAnalytics(deps: AnalyticsDeps): Analytics {
  const { clock, emit } = deps;
  const worker = AnalyticsWorker.create({
    logger: deps.logger,
    nativeBinding: deps.nativeBinding,
    testHooks: process.env[ANALYTICS_TEST_HOOKS_ENV] === '1',
  });

  // Heap limit of the import thread: a file within the caps needs far less; past it the thread
  // dies and the import fails, the studio lives on.
  const importWorker = AnalyticsWorker.create({
    logger: deps.logger,
    nativeBinding: deps.nativeBinding,
    maxHeapMb: IMPORT_WORKER_HEAP_MB,
  });
  const importJob = async <T>(
    jobId: string,
    kind: Extract<JobKind, 'import-read' | 'import-preview'>,
    args: ReadImportInput | PreviewInput,
    onProgress?: (phase: string, done: number, total: number) => void,
  ): Promise<T> => {
    const request: JobRequest = {
      kind,
      dbFile: databaseFile(deps.workspace().dir),
      args,
      now: clock(),
      language: deps.language(),
    };
    const result = (await importWorker.run(jobId, request, onProgress)) as ImportJobResult<T>;
    deps.logger.debug({ jobId, kind, threadId: result.threadId }, 'import file read');
    if (!result.ok) throw new ImportError(result.error.code, result.error.message);
    return result.value;
  };

  /** importOrders' read phase, in the import worker; an abort cancels the job. */
  const readInWorker = async (
    args: ReadImportInput,
    control: ReadControl,
    signal: AbortSignal,
  ): Promise<ParsedImport> => {
    const jobId = `import-${randomUUID()}`;
    let bytes: { bytesRead: number; totalBytes: number } | null = null;
    let rowsRead = 0;
    const onAbort = (): void => {
      importWorker.cancel(jobId);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await importJob<ParsedImport>(jobId, 'import-read', args, (phase, done, total) => {
        if (phase === 'bytes') {
          bytes = { bytesRead: done, totalBytes: total };
          return;
        }
        rowsRead = done;
        control.onProgress?.({ rowsRead: done, ...(total > 0 ? { total } : {}), ...bytes });
      });
    } catch (error) {
      if (signal.aborted && error instanceof StudioError && error.code === 'CONFLICT') {
        return {
          status: 'cancelled',
          format: args.format ?? 'csv',
          sha256: null,
          mapping: null,
          rowsRead,
          rowsRejected: 0,
          records: [],
          issues: [],
        };
      }
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The thread held every row of the file (names, emails): let none of it outlive the read.
      importWorker.retire();
    }
  };

  const request = (kind: DatabaseJobKind, args: object): JobRequest => ({
    kind,
    dbFile: databaseFile(deps.workspace().dir),
    args,
    now: clock(),
    language: deps.language(),
  });
  // The Workspace view's call (`{}`, defaults filled in), kept warm in the background.
  const warmUp =
    deps.warmUp === false || deps.warmUp === undefined || !deps.studio
      ? null
      : new AnalyticsWarmUp(
          {
            run: (jobId) =>
              worker.run(
                jobId,
                request('workspace', dashboardMethods['analytics.workspace'].input.parse({})),
              ),
            cancel: (jobId) => worker.cancel(jobId),
            workerBusy: () => worker.busy,
            live: deps.studio.live,
            logger: deps.logger,
          },
          deps.warmUp,
        );
  if (warmUp && deps.studio) {
    deps.studio.events.subscribe(warmUpListener(warmUp));
    warmUp.trigger('workspace opened');
  }

  // The job kind names its method (protocol.ts `DatabaseJobs`): a kind with another method's
  // input does not compile.
  const job = async <K extends DatabaseJobKind, M extends DatabaseJobs[K] & AnalyticsMethod>(
    method: M,
    kind: K,
    input: MethodArgs<M> & { jobId?: string | undefined },
  ): Promise<MethodOutput<M>> => {
    const { jobId: given, ...args } = input;
    const jobId = given ?? randomUUID();
    warmUp?.beforeUserJob(method);
    const value = await worker
      .run(jobId, request(kind, args), (phase, done, total) =>
        emit('analytics.progress', { jobId, method, phase, done, total }),
      )
      .finally(() => warmUp?.userJobSettled());
    // The router checks the whole value against the method's output schema.
    return { ...(value as object), jobId } as MethodOutput<M>;
  };

  // Runs a crash left 'running' are failed once per database, before the first import method.
  const recovered = new WeakSet<Db>();
  const db = (): Db => {
    const current = deps.workspace().db;
    if (!recovered.has(current)) {
      markInterruptedImportRuns(current, clock());
      recovered.add(current);
    }
    return current;
  };

  let importing: { runId: number | null; controller: AbortController } | null = null;

  const handlers: AnalyticsHandlerMap = {
    'report.session': (input) => job('report.session', 'session-report', input),
    'report.sessionCustomers': (input) =>
      job('report.sessionCustomers', 'session-customers', input),
    'analytics.customers': (input) => job('analytics.customers', 'customers', input),
    'analytics.learner': (input) => job('analytics.learner', 'learner', input),
    'analytics.propensity': (input) => job('analytics.propensity', 'propensity', input),
    'analytics.recommendations': (input) =>
      job('analytics.recommendations', 'recommendations', input),
    'analytics.course': (input) => job('analytics.course', 'course', input),
    'analytics.workspace': (input) => job('analytics.workspace', 'workspace', input),
    'analytics.highValue': (input) => job('analytics.highValue', 'high-value', input),
    'analytics.cancel': ({ jobId }) => ({ cancelled: worker.cancel(jobId) }),

    'imports.preview': async (input) => {
      const mapping = resolveSavedMapping(db(), input);
      return withImportFile(input, async (file) => {
        try {
          return await importJob<PreviewOutput>(randomUUID(), 'import-preview', {
            file,
            format: input.format,
            preset: input.preset,
            rows: input.rows,
            mapping,
            timeZone: workspaceTimeZone(db()),
            allTitles: input.allTitles,
          });
        } catch (error) {
          if (error instanceof ImportError) {
            throw new StudioError('BAD_INPUT', `${error.code}: ${error.message}`);
          }
          throw error;
        }
      });
    },

    'imports.run': async (input) => {
      if (importing) {
        throw new StudioError('CONFLICT', 'an import is running: wait for it or cancel it');
      }
      const current = db();
      const mapping = resolveSavedMapping(current, input);
      const controller = new AbortController();
      importing = { runId: null, controller };
      try {
        return await withImportFile(input, async (file) => {
          const before = lastRunId(current);
          const running = importOrders(
            current,
            {
              file,
              fileName: input.fileName,
              source: input.source,
              ...(input.format ? { format: input.format } : {}),
              ...(input.preset ? { preset: input.preset } : {}),
              ...(mapping ? { mapping } : {}),
              options: {
                timeZone: workspaceTimeZone(current),
                ...(input.options ? stripUndefined(input.options) : {}),
              },
            },
            {
              signal: controller.signal,
              read: (args, control) => readInWorker(args, control, controller.signal),
              onProgress: (p) => {
                if (importing?.runId == null) return;
                emit('import.progress', { runId: importing.runId, ...p });
              },
            },
          );
          // importOrders records its run before its first await: the newest run is this one.
          const after = lastRunId(current);
          if (after > before && importing) importing.runId = after;
          let summary: ImporterSummary;
          try {
            summary = await running;
          } catch (error) {
            if (error instanceof ImportError) {
              throw new StudioError('BAD_INPUT', `${error.code}: ${error.message}`);
            }
            throw error;
          }
          emit('order.imported', {
            runId: summary.runId,
            status: summary.status,
            source: summary.source,
            ordersImported: summary.ordersImported,
            ordersUpdated: summary.ordersUpdated,
            ordersUnmatched: summary.ordersUnmatched,
            learnersCreated: summary.learnersCreated,
          });
          return { ...summary, issues: summary.issues.slice(0, IMPORT_ISSUES_SHOWN) };
        });
      } finally {
        importing = null;
      }
    },

    'imports.cancel': ({ runId }) => {
      if (importing?.runId !== runId) return { cancelled: false };
      importing.controller.abort();
      return { cancelled: true };
    },

    'imports.runs': (input) => {
      const page = listImportRuns(db(), input);
      return { total: page.total, rows: page.rows.map(toImportRun) };
    },

    'imports.mappings.save': ({ name, mapping }) => {
      const current = db();
      saveImportMapping(current, { name, mapping, at: clock() });
      const saved = getImportMapping(current, name);
      if (!saved) throw new Error('a saved mapping could not be read back');
      return saved;
    },
    'imports.mappings.list': () => listImportMappings(db()),
    'imports.mappings.delete': ({ name }) => ({ deleted: deleteImportMapping(db(), name) }),

    'orders.unmatched': (input) => {
      const page = listUnmatchedOrders(db(), input);
      return {
        total: page.total,
        rows: page.rows.map((row) => ({
          id: row.id as OrderId,
          source: row.source,
          externalId: row.external_id,
          orderedAt: row.ordered_at,
          currency: row.currency,
          totalMinor: row.total_minor,
          refundedMinor: row.refunded_minor,
          status: row.status,
          lineCount: row.line_count,
          buyer: {
            hasEmail: row.buyer_email !== null,
            hasPhone: row.buyer_phone !== null,
            hasPlatformId: row.buyer_platform_id !== null,
            hint: buyerHint(row.buyer_email, row.buyer_phone, row.buyer_platform_id),
          },
        })),
      };
    },
  };

  return {
    handlers,
    importRunning: () => importing !== null,
    forgetCachedData: () => worker.retire(),
    warmUp,
  };
}

// ---------------------------------------------------------------------------------------------
// Import helpers
// ---------------------------------------------------------------------------------------------

type ImportFileInput = MethodArgs<'imports.preview'> | MethodArgs<'imports.run'>;

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function resolveSavedMapping(db: Db, input: ImportFileInput): ImportMapping | undefined {
  if (input.mapping) return input.mapping;
  if (input.mappingName === undefined) return undefined;
  const saved = getImportMapping(db, input.mappingName);
  if (!saved) throw new StudioError('NOT_FOUND', `no saved mapping named ${input.mappingName}`);
  return saved.mapping;
}

/**
 * Gives `work` a file path for the input: the caller's path, or a temporary file holding the
 * text or bytes (removed after), named like the caller's file so that its extension still hints
 * the format.
 */
export async function withImportFile<T>(
  input: Pick<ImportFileInput, 'fileName' | 'text' | 'bytes'> & { path?: string | undefined },
  work: (file: string) => Promise<T>,
): Promise<T> {
  if (input.path !== undefined) {
    if (!isAbsolute(input.path)) throw new StudioError('BAD_INPUT', 'path must be absolute');
    return work(input.path);
  }
  const dir = mkdtempSync(join(tmpdir(), 'encore-import-'));
  try {
    const name = basename(input.fileName).replace(/[^\w.-]+/g, '_') || 'import.csv';
    const file = join(dir, name);
    if (input.bytes !== undefined) writeFileSync(file, input.bytes);
    else writeFileSync(file, input.text ?? '', 'utf8');
    return await work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toImportRun(
  row: ImportRunRow,
): z.output<(typeof analyticsMethods)['imports.runs']['output']>['rows'][number] {
  return {
    id: row.id,
    fileName: row.file_name,
    source: row.source,
    format: row.format,
    preset: row.preset,
    presetConfidence: row.preset_confidence,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    undoneAt: row.undone_at ?? null,
    failure:
      row.failure === null ? null : (JSON.parse(row.failure) as { code: string; message: string }),
    rowsRead: row.rows_read,
    rowsRejected: row.rows_rejected,
    ordersImported: row.orders_imported,
    ordersUpdated: row.orders_updated,
    ordersUnchanged: row.orders_unchanged,
    ordersUnmatched: row.orders_unmatched,
    learnersCreated: row.learners_created,
    refundsMatched: row.refunds_matched,
    refundsUnmatched: row.refunds_unmatched,
    errorCount: row.error_count,
    warningCount: row.warning_count,
  };
}

/** Enough to recognise a buyer, never the address: `j•••@example.com`, `•••1234`. */
export function buyerHint(
  email: string | null,
  phone: string | null,
  platformId: string | null,
): string | null {
  if (email !== null) return maskEmail(email);
  if (phone !== null) return maskPhone(phone);
  if (platformId !== null) return `id ${platformId}`;
  return null;
}
