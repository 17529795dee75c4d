import type { MethodArgs } from '../../../shared/contract/studio-api';
import { StudioError } from '../../../shared/contract/errors';
import { openDatabase } from '../../storage/connection';
import { courseDashboardJob, workspaceOverviewJob } from './dashboard-jobs';
import { importPreviewJob, importReadJob } from './import-jobs';
import type { JobContext } from './job-context';
import {
  customersJob,
  learnerJob,
  propensityJob,
  recommendationsJob,
  sessionReportJob,
} from './jobs';
import type { JobRequest } from './protocol';
import type { PreviewInput } from '../../imports/preview';
import type { ReadImportInput } from '../../imports/read-import';
import { sessionCustomersJob } from './session-customers';

/**
 * Runs one job on a read-only connection to its database, opened for the job and closed after
 * (a workspace may be replaced between jobs: the demo is regenerated in a fresh file). Used by
 * the worker thread and, in-process, by tests that compare the two. Import jobs open no database
 * and are asynchronous (they stream a file): their value is a promise.
 */
export function runJob(
  request: JobRequest,
  ctx: JobContext,
  options: { nativeBinding?: string | null } = {},
): unknown {
  if (request.kind === 'import-read') return importReadJob(request.args as ReadImportInput, ctx);
  if (request.kind === 'import-preview') {
    return importPreviewJob(request.args as PreviewInput, ctx);
  }
  let db;
  try {
    db = openDatabase(request.dbFile, {
      readonly: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new StudioError(
      'UNAVAILABLE',
      `cannot open the workspace database for reading: ${(error as Error).message}`,
    );
  }
  try {
    const file = request.dbFile;
    switch (request.kind) {
      case 'session-report':
        return sessionReportJob(db, request.args as MethodArgs<'report.session'>, ctx);
      case 'session-customers':
        return sessionCustomersJob(
          db,
          file,
          request.args as MethodArgs<'report.sessionCustomers'>,
          ctx,
        );
      case 'customers':
        return customersJob(db, file, request.args as MethodArgs<'analytics.customers'>, ctx);
      case 'learner':
        return learnerJob(db, file, request.args as MethodArgs<'analytics.learner'>, ctx);
      case 'propensity':
        return propensityJob(db, file, request.args as MethodArgs<'analytics.propensity'>, ctx);
      case 'recommendations':
        return recommendationsJob(
          db,
          file,
          request.args as MethodArgs<'analytics.recommendations'>,
          ctx,
        );
      case 'course':
        return courseDashboardJob(db, request.args as MethodArgs<'analytics.course'>, ctx);
      case 'workspace':
        return workspaceOverviewJob(
          db,
          file,
          request.args as MethodArgs<'analytics.workspace'>,
          ctx,
        );
      default: {
        const kind: unknown = request.kind;
        throw new Error(`unknown analytics job ${JSON.stringify(kind)}`);
      }
    }
  } finally {
    db.close();
  }
}
