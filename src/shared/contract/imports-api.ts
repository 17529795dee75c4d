import { z } from 'zod';
import { ImportIssueReason } from './import-issue-reasons';
import { ImportProblem } from './import-problems';
import { importMappingSchema, PRESET_NAMES } from './import-mapping';
import { CurrencyCode, EpochMs } from '../model/domain';
import { OrderId } from '../model/ids';
import { Count, IMPORT_BYTES_MAX, IMPORT_TEXT_MAX_CHARS, Num, RowId } from './analytics-scalars';

// ---------------------------------------------------------------------------------------------
// Imports
// Part of the analytics contract; analytics-api.ts re-exports it.
// ---------------------------------------------------------------------------------------------

export { PRESET_NAMES };
export const ImportPreset = z.enum(PRESET_NAMES);
/** A column mapping for order imports (src/shared/contract/import-mapping.ts). */
export const ImportMapping = importMappingSchema;
export type ImportMapping = z.infer<typeof ImportMapping>;

export const importFile = {
  /** The file's name as the user knows it (recorded with the run; its extension hints the format). */
  fileName: z.string().trim().min(1).max(260),
  path: z.string().min(1).max(4_096).optional(),
  text: z.string().min(1).max(IMPORT_TEXT_MAX_CHARS).optional(),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.byteLength > 0 && b.byteLength <= IMPORT_BYTES_MAX, {
      message: `1 byte to ${IMPORT_BYTES_MAX / 1024 / 1024} MB`,
    })
    .optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
  preset: ImportPreset.optional(),
  mapping: ImportMapping.optional(),
  /** Use this saved mapping (`imports.mappings.save`); `mapping` wins if both are given. */
  mappingName: z.string().trim().min(1).max(100).optional(),
};

export function exactlyOneSource(input: {
  path?: unknown;
  text?: unknown;
  bytes?: unknown;
}): boolean {
  return [input.path, input.text, input.bytes].filter((v) => v !== undefined).length === 1;
}
export const oneSource = {
  message: 'give exactly one of path, text or bytes',
  path: ['path'],
};

/** The mapping's time, currency and country defaults, plus whether unknown buyers become learners. */
export const ImportOptionsInput = importMappingSchema
  .pick({ utcOffsetMinutes: true, defaultCurrency: true, defaultCountryCode: true })
  .extend({ createLearners: z.boolean().optional() })
  .strict();

const ImportIssue = z.object({
  line: Count,
  kind: z.enum(['rejected', 'warning']),
  /** In English; `reasons` is the same as codes, for the studio to say in its language. */
  reason: z.string(),
  reasons: z.array(ImportIssueReason).optional(),
  orderId: z.string().optional(),
});

export const ImportRunCounts = z.object({
  rowsRead: Count,
  rowsRejected: Count,
  ordersImported: Count,
  ordersUpdated: Count,
  ordersUnchanged: Count,
  ordersUnmatched: Count,
  learnersCreated: Count,
  refundsMatched: Count,
  refundsUnmatched: Count,
  errorCount: Count,
  warningCount: Count,
});

export const ImportSummary = ImportRunCounts.extend({
  runId: RowId,
  status: z.enum(['done', 'cancelled']),
  source: z.string(),
  format: z.enum(['csv', 'xlsx', 'rows']),
  preset: ImportPreset.nullable(),
  presetConfidence: Num.nullable(),
  /** The first IMPORT_ISSUES_SHOWN issues by line; `imports.runs` has the stored ones. */
  issues: z.array(ImportIssue),
  /** Orders of the file that carry a refund (refunded or partly), cancellations aside. */
  ordersRefunded: Count.optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportRun = ImportRunCounts.extend({
  id: RowId,
  fileName: z.string().nullable(),
  source: z.string(),
  format: z.string(),
  preset: z.string().nullable(),
  presetConfidence: Num.nullable(),
  startedAt: EpochMs,
  finishedAt: EpochMs.nullable(),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** When `imports.undo` removed what the run created; null while it stands. */
  undoneAt: EpochMs.nullable().optional(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const SavedImportMapping = z.object({
  id: RowId,
  name: z.string(),
  preset: z.string().nullable(),
  mapping: ImportMapping,
  createdAt: EpochMs,
  updatedAt: EpochMs,
});

export const ImportPreview = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** CSV: the text encoding read, and whether a BOM, the mapping or the bytes decided it. */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).nullable(),
  encodingSource: z.enum(['bom', 'option', 'detected']).nullable(),
  /** With `allTitles`: every distinct item title of the file (at most 500), in file order. */
  titles: z.array(z.string()).optional(),
  /** The header row found (exports sometimes start with a title line). */
  headerLine: Count.nullable(),
  header: z.array(z.string()),
  preset: ImportPreset.nullable(),
  presetConfidence: Num.nullable(),
  /** Why no mapping resolves (missing columns…); null when one does. */
  problem: z.string().nullable(),
  /** The same as a code and its parameters, said in the studio's language. */
  problemReason: ImportProblem.nullable(),
  /** Field → the header texts it is read from. */
  columns: z.record(z.string(), z.array(z.string())),
  /** The first data rows as cell texts. */
  rows: z.array(z.object({ line: Count, cells: z.array(z.string()) })),
  /** What importing those rows would say about them (rejections and warnings). */
  issues: z.array(ImportIssue),
  /** Orders those rows make. */
  orders: Count,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const UnmatchedOrder = z.object({
  id: OrderId,
  source: z.string(),
  externalId: z.string(),
  orderedAt: EpochMs,
  currency: CurrencyCode,
  totalMinor: Count,
  refundedMinor: Count,
  status: z.string(),
  lineCount: Count,
  /** Which identities the export gave, and a masked hint to recognise the buyer by. */
  buyer: z.object({
    hasEmail: z.boolean(),
    hasPhone: z.boolean(),
    hasPlatformId: z.boolean(),
    hint: z.string().nullable(),
  }),
});
