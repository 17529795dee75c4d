import { z } from 'zod';
import { EpochMs, Language } from '../model/domain';
import { SessionId } from '../model/ids';
import { EngagementWeights, JobId, SessionCustomers, SessionReport } from './analytics-api';
import { OfferLabReport } from './offer-lab-api';
import { SessionSatisfaction } from './satisfaction-api';

/**
 * Report exports: a self-contained HTML file that opens offline (the report app and its data
 * inlined in one file) and a PDF printed from that same file (headless Chromium in the browser
 * host, Electron's printToPDF in the desktop app). Files are written to the workspace's
 * `exports` folder; the browser host serves them at `downloadPath` to its own (token-holding)
 * page. Spread into `studioMethods` (studio-api.ts).
 *
 * Progress: the report is computed by the analytics worker as `report.session` is, so
 * `analytics.progress` events carry the caller's `jobId` (method `report.export`), with a last
 * phase `pdf` while the PDF prints.
 */

export const REPORT_EXPORT_VERSION = 1;

/** What an exported HTML file carries, in a `<script type="application/json">` block. */
export const ReportExportData = z.object({
  version: z.literal(REPORT_EXPORT_VERSION),
  kind: z.literal('session'),
  language: Language,
  exportedAt: EpochMs,
  appVersion: z.string(),
  report: SessionReport,
  /** The customer sections (report.sessionCustomers); null when they could not be computed. */
  customers: SessionCustomers.nullable(),
  /** Why `customers` is null. */
  customersError: z.string().nullable(),
  /** The Satisfaction section (report.satisfaction); absent in files exported before it. */
  satisfaction: SessionSatisfaction.nullable().optional(),
  /** Offer experiments and personal offers (report.offerLab); absent in older files. */
  offerLab: OfferLabReport.nullable().optional(),
});
export type ReportExportData = z.infer<typeof ReportExportData>;

/** The id of the JSON block in an exported file. */
export const REPORT_DATA_ELEMENT_ID = 'encore-report-data';

export const ExportFormat = z.enum(['html', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportedFile = z.object({
  fileName: z.string(),
  /** Where the studio's machine keeps it (the workspace's exports folder). */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  mimeType: z.string(),
  /** Served by the browser host to its own page (a same-origin link with `download`). */
  downloadPath: z.string(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const exportMethods = {
  'report.export': {
    input: z
      .object({
        sessionId: SessionId,
        format: ExportFormat,
        attributionWindowDays: z.number().gt(0).max(365).optional(),
        weights: EngagementWeights.optional(),
        jobId: JobId.optional(),
      })
      .strict(),
    output: ExportedFile,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
