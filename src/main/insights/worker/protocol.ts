import type { Language } from '../../../shared/model/domain';

// Messages between the studio (AnalyticsWorker) and the analytics worker thread.

/** The jobs that read the workspace database, each with the studio method it serves. */
export interface DatabaseJobs {
  'session-report': 'report.session';
  'session-customers': 'report.sessionCustomers';
  customers: 'analytics.customers';
  learner: 'analytics.learner';
  propensity: 'analytics.propensity';
  recommendations: 'analytics.recommendations';
  course: 'analytics.course';
  workspace: 'analytics.workspace';
  'high-value': 'analytics.highValue';
}

export type DatabaseJobKind = keyof DatabaseJobs;

export type JobKind =
  | DatabaseJobKind
  /** imports.run's read phase: a file → checked orders (no database). */
  | 'import-read'
  /** imports.preview (no database). */
  | 'import-preview';

export interface JobRequest {
  kind: JobKind;
  /** The workspace database, opened read-only by the worker for this job (not by import jobs). */
  dbFile: string;
  args: unknown;
  now: number;
  language: Language;
}

export interface WorkerData {
  nativeBinding: string | null;
  /**
   * Tests only: a job whose id starts with `test-crash` crashes the thread; one whose id starts
   * with `test-spin` works (progress, checkpoints) until it is cancelled.
   */
  testHooks: boolean;
}

export type ToWorker = {
  type: 'run';
  jobId: string;
  request: JobRequest;
  /** Int32Array(1) over it: set to 1 to cancel; the job notices at its next checkpoint. */
  cancelFlag: SharedArrayBuffer;
};

export interface WorkerError {
  name: string;
  message: string;
  /** A StudioError's code. */
  code?: string;
}

export type FromWorker =
  | { type: 'progress'; jobId: string; phase: string; done: number; total: number }
  | { type: 'result'; jobId: string; value: unknown }
  | { type: 'error'; jobId: string; error: WorkerError };
