import { StudioError } from '../../../shared/contract/errors';
import { openDatabase, type Db } from '../../storage/connection';
import { importPreviewJob, importReadJob } from './import-jobs';
import type { JobContext } from './job-context';
import { DATABASE_JOBS } from './jobs';
import type { JobRequest } from './protocol';
import type { PreviewInput } from '../../imports/preview';
import type { ReadImportInput } from '../../imports/read-import';

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
    const kind = request.kind;
    if (!Object.hasOwn(DATABASE_JOBS, kind)) {
      throw new Error(`unknown analytics job ${JSON.stringify(kind)}`);
    }
    // The host built the request from the method's own input (analytics-handlers.ts `job`).
    const job = DATABASE_JOBS[kind] as (
      db: Db,
      file: string,
      args: unknown,
      ctx: JobContext,
    ) => unknown;
    return job(db, request.dbFile, request.args, ctx);
  } finally {
    db.close();
  }
}
