import { z } from 'zod';
import { CourseId, LearnerId, SessionId } from '../model/ids';
import { Count, EngagementWeights, JobId, pageLimit, pageOffset, RowId } from './analytics-scalars';
import { SessionReport } from './analytics-session-report';
import { CustomersReport } from './analytics-customers';
import { FollowUpList, LearnerProfile, PropensityReport } from './analytics-learner';
import { SessionCustomers } from './analytics-session-customers';
import {
  exactlyOneSource,
  importFile,
  ImportMapping,
  ImportOptionsInput,
  ImportPreview,
  ImportRun,
  ImportSummary,
  oneSource,
  SavedImportMapping,
  UnmatchedOrder,
} from './imports-api';

// ---------------------------------------------------------------------------------------------
// Methods and events
// Part of the analytics contract; analytics-api.ts re-exports it.
// ---------------------------------------------------------------------------------------------

const jobInput = { jobId: JobId.optional() };

export const analyticsMethods = {
  'report.session': {
    input: z
      .object({
        sessionId: SessionId,
        attributionWindowDays: z.number().gt(0).max(365).optional(),
        weights: EngagementWeights.optional(),
        /** The page of per-viewer scores (highest first). */
        viewerLimit: pageLimit(50),
        viewerOffset: pageOffset,
        ...jobInput,
      })
      .strict(),
    output: SessionReport,
  },
  'report.sessionCustomers': {
    input: z
      .object({
        sessionId: SessionId,
        attributionWindowDays: z.number().gt(0).max(365).optional(),
        /** The page of attendees (highest predicted 12-month value first). */
        attendeeLimit: pageLimit(50),
        attendeeOffset: pageOffset,
        /** The page of the attendees' follow-up list. */
        followUpLimit: pageLimit(50),
        followUpOffset: pageOffset,
        ...jobInput,
      })
      .strict(),
    output: SessionCustomers,
  },
  'analytics.customers': {
    input: z
      .object({
        /** Horizon of the predicted value besides 12 months (default 90 days). */
        horizonDays: z.number().int().min(1).max(3_650).default(90),
        /** How many learners the predictions list (highest 12-month value first). */
        limit: pageLimit(50),
        ...jobInput,
      })
      .strict(),
    output: CustomersReport,
  },
  'analytics.learner': {
    input: z.object({ learnerId: LearnerId, ...jobInput }).strict(),
    output: LearnerProfile,
  },
  'analytics.propensity': {
    input: z.object({ courseId: CourseId, limit: pageLimit(20), ...jobInput }).strict(),
    output: PropensityReport,
  },
  'analytics.recommendations': {
    input: z
      .object({
        limit: pageLimit(50),
        offset: pageOffset,
        /** Only this class's attendees. */
        sessionId: SessionId.optional(),
        ...jobInput,
      })
      .strict(),
    output: FollowUpList,
  },
  'analytics.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'imports.preview': {
    input: z
      .object({
        ...importFile,
        rows: z.number().int().min(1).max(100).default(20),
        /** Read on past the shown rows to list every distinct item title (course matching). */
        allTitles: z.boolean().optional(),
      })
      .strict()
      .refine(exactlyOneSource, oneSource),
    output: ImportPreview,
  },
  'imports.run': {
    input: z
      .object({
        ...importFile,
        /** orders.source: which shop or platform these orders come from. */
        source: z.string().trim().min(1).max(40),
        options: ImportOptionsInput.optional(),
      })
      .strict()
      .refine(exactlyOneSource, oneSource),
    output: ImportSummary,
  },
  'imports.cancel': {
    input: z.object({ runId: RowId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'imports.runs': {
    input: z.object({ limit: pageLimit(50), offset: pageOffset }).strict(),
    output: z.object({ total: Count, rows: z.array(ImportRun) }),
  },
  'imports.mappings.save': {
    input: z.object({ name: z.string().trim().min(1).max(100), mapping: ImportMapping }).strict(),
    output: SavedImportMapping,
  },
  'imports.mappings.list': {
    input: z.object({}).strict(),
    output: z.array(SavedImportMapping),
  },
  'imports.mappings.delete': {
    input: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  'orders.unmatched': {
    input: z
      .object({
        source: z.string().trim().min(1).max(40).optional(),
        limit: pageLimit(50),
        offset: pageOffset,
      })
      .strict(),
    output: z.object({ total: Count, rows: z.array(UnmatchedOrder) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const analyticsEvents = {
  /** Long analytics work: `done` of `total` steps of the current phase. */
  'analytics.progress': z.object({
    jobId: JobId,
    method: z.string(),
    phase: z.string(),
    done: Count,
    total: Count,
  }),
  'import.progress': z.object({
    runId: RowId,
    phase: z.enum(['read', 'write', 'done']),
    rowsRead: Count,
    rowsWritten: Count,
    /** Rows to write in the write phase; unknown while reading a file. */
    total: Count.optional(),
    bytesRead: Count.optional(),
    totalBytes: Count.optional(),
  }),
  /** An import run finished (done or cancelled): reports and lists may change. */
  'order.imported': z.object({
    runId: RowId,
    status: z.enum(['done', 'cancelled']),
    source: z.string(),
    ordersImported: Count,
    ordersUpdated: Count,
    ordersUnmatched: Count,
    learnersCreated: Count,
  }),
} as const satisfies Record<string, z.ZodType>;
