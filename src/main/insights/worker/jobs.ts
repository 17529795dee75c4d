import type { MethodArgs } from '../../../shared/contract/studio-api';
import type { Db } from '../../storage/connection';
import { courseDashboardJob, workspaceOverviewJob } from './dashboard-jobs';
import { customersJob } from './customers-job';
import type { JobContext } from './job-context';
import { highValueJob } from './high-value-job';
import { learnerJob } from './learner-job';
import { propensityJob, recommendationsJob } from './model-jobs';
import type { DatabaseJobKind, DatabaseJobs } from './protocol';
import { sessionCustomersJob } from './session-customers';
import { sessionReportJob } from './session-report-job';

// The heavy analytics behind the studio API, as plain functions of (db, args, context): the
// analytics worker runs them on its read-only connection; the CLI and the tests call them
// in-process. Each returns the method's output without the job id (the caller adds it).
// One entry per job kind of the protocol, like the router's handler map: a kind without a job
// (or a job taking another method's arguments) does not compile.

/** A job's arguments: its method's input without the job id. */
export type JobArgs<K extends DatabaseJobKind> = Omit<MethodArgs<DatabaseJobs[K]>, 'jobId'>;

export type DatabaseJob<K extends DatabaseJobKind> = (
  db: Db,
  file: string,
  args: JobArgs<K>,
  ctx: JobContext,
) => unknown;

export const DATABASE_JOBS: { readonly [K in DatabaseJobKind]: DatabaseJob<K> } = {
  'session-report': (db, _file, args, ctx) => sessionReportJob(db, args, ctx),
  'session-customers': sessionCustomersJob,
  customers: customersJob,
  learner: learnerJob,
  propensity: propensityJob,
  recommendations: recommendationsJob,
  course: (db, _file, args, ctx) => courseDashboardJob(db, args, ctx),
  workspace: workspaceOverviewJob,
  'high-value': highValueJob,
};

export {
  customersJob,
  learnerJob,
  propensityJob,
  recommendationsJob,
  sessionCustomersJob,
  sessionReportJob,
};
