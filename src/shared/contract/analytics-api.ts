/**
 * The analytics part of the studio API: reports on one class, customers over time, one learner,
 * purchase propensity, the follow-up list, and order imports. Spread into `studioMethods` and
 * `studioEvents` (studio-api.ts).
 *
 * Long work (reports over large data, imports) reports progress and can be cancelled:
 * - `report.session`, `report.sessionCustomers` and `analytics.*` run in a worker thread with a read-only connection. A
 *   caller may name the job (`jobId`, any short id it makes up) so that it can cancel it with
 *   `analytics.cancel` before the answer arrives; `analytics.progress` events carry the id (one
 *   is made up when none is given). A cancelled call answers `{ ok: false, error: { code:
 *   'CONFLICT', message: 'cancelled: …' } }`.
 * - `imports.run` writes through the studio's one writer in batches; `import.progress` carries
 *   the import run's id, which `imports.cancel` takes. A cancelled run answers its summary with
 *   status 'cancelled' (its committed batches stay; importing the file again completes it).
 *
 * Files to import arrive one of three ways (exactly one per call):
 * - `path`: an absolute path on the studio's machine (the CLI, Electron's file dialog, the
 *   browser host on the same machine);
 * - `bytes`: the file's bytes as a Uint8Array (Electron IPC's structured clone; the browser
 *   host's binary frames, binary-wire.ts);
 * - `text`: CSV text in a JSON frame, for the browser host's text frames (capped below).
 *
 * Contact details never leave the core through these methods: a learner is shown with
 * `hasEmail`/`hasPhone` flags (and the follow-up list shows them only for learners who agreed
 * to follow-up), their own profile and an unmatched order with masked hints (`j•••@example.com`).
 * Only a learner's data export (`learner.export`, learners-api.ts) carries them whole.
 *
 * The schemas live in one file per area; this file re-exports them, so importers keep one path.
 */

export {
  JobId,
  Money,
  ENGAGEMENT_KINDS,
  EngagementKind,
  EngagementWeights,
  ANALYTICS_PAGE_MAX,
  IMPORT_TEXT_MAX_CHARS,
  IMPORT_BYTES_MAX,
  IMPORT_ISSUES_SHOWN,
} from './analytics-scalars';
export { ViewerScore, SessionHeadline, SessionReport } from './analytics-session-report';
export { Insight, SegmentSummary, LearnerValue, CustomersReport } from './analytics-customers';
export {
  RecommendationReason,
  CourseRecommendation,
  LearnerProfile,
  PropensityReport,
  FollowUp,
  FollowUpList,
} from './analytics-learner';
export { AttendeeValue, PURCHASE_GROUPS, SessionCustomers } from './analytics-session-customers';
export {
  ImportPreset,
  ImportMapping,
  ImportOptionsInput,
  ImportRunCounts,
  ImportSummary,
  ImportRun,
  SavedImportMapping,
  ImportPreview,
  UnmatchedOrder,
  PRESET_NAMES,
} from './imports-api';
export { analyticsMethods, analyticsEvents } from './analytics-methods';
