import { z } from 'zod';
import { Language, LearnerSummary, SessionSummary, WorkspaceName } from '../model/domain';
import { analyticsEvents, analyticsMethods } from './analytics-api';
import { isTimeZoneName } from './import-mapping';
import { backupEvents, backupMethods } from './backup-api';
import { broadcastEvents, broadcastMethods } from './broadcast-api';
import { canvasMethods } from './canvas-api';
import { httpFeedMethods } from './http-feed-api';
import { CanvasLoadHealth, canvasLoadMethods } from './canvas-load-api';
import { captureMethods } from './capture-api';
import { courseEvents, courseMethods } from './courses-api';
import { dashboardMethods } from './dashboards-api';
import { importWizardMethods } from './import-wizard-api';
import { exportMethods } from './exports-api';
import { learnerEvents, learnerMethods } from './learners-api';
import { liveEvents, liveMethods } from './live-api';
import { offerLabMethods } from './offer-lab-api';
import { outputEvents, outputMethods } from './outputs-api';
import { reviewEvents, reviewMethods } from './review-api';
import { scheduleMethods } from './schedule-api';
import { followUpMethods } from './follow-ups-api';
import { highValueMethods } from './high-value-api';
import { rosterEvents, rosterMethods } from './roster-api';
import { pointsEvents, pointsMethods } from './points-api';
import { satisfactionEvents, satisfactionMethods } from './satisfaction-api';
import { webrtcEvents, webrtcMethods } from './webrtc-api';

/**
 * The studio API: one typed map of methods and one of events, served over Electron IPC and over
 * the browser host's WebSocket alike. Methods are `domain.verb`; events are `domain.pastTense`.
 */
const empty = z.object({}).strict();

export const Settings = z.object({
  language: Language,
  /**
   * The workspace's IANA time zone (default UTC): imported times without a zone are read in it.
   * Always in `settings.get`'s answer.
   */
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZoneName, { message: 'not a known IANA time zone' })
    .optional(),
});
export type Settings = z.infer<typeof Settings>;

export const WorkspaceInfo = z.object({
  name: WorkspaceName,
  dataDir: z.string(),
  courses: z.number().int().nonnegative(),
  learners: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser', 'test']),
  workspace: WorkspaceInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

/**
 * The studio's own health, beside each broadcast's: today whether it can save what happens in a
 * class. `storage` is set while background writes fail (a full disk, an I/O error) and cleared by
 * itself once a write succeeds again; `since` is when the first of `failedWrites` failed.
 */
export const StudioHealth = z.object({
  storage: z
    .object({
      problem: z.enum(['diskFull', 'writeFailed']),
      failedWrites: z.number().int().positive(),
      since: z.number().int(),
    })
    .nullable(),
  /** Set while a second canvas runs below its full frame rate (canvas-load-api.ts). */
  canvas: CanvasLoadHealth.optional(),
});
export type StudioHealth = z.infer<typeof StudioHealth>;

export const LIBRARY_PAGE_MAX = 500;

export const studioMethods = {
  'app.info': { input: empty, output: AppInfo },
  'studio.health': { input: empty, output: StudioHealth },
  'settings.get': { input: empty, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
  'workspace.open': { input: z.object({ name: WorkspaceName }).strict(), output: WorkspaceInfo },
  'workspace.loadDemo': {
    input: z.object({ seed: z.number().int().nonnegative().optional() }).strict(),
    output: WorkspaceInfo,
  },
  'library.learners': {
    input: z
      .object({
        search: z.string().trim().max(100).optional(),
        limit: z.number().int().min(1).max(LIBRARY_PAGE_MAX).default(100),
        offset: z.number().int().nonnegative().default(0),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), rows: z.array(LearnerSummary) }),
  },
  'library.sessions': { input: empty, output: z.array(SessionSummary) },
  ...liveMethods,
  ...broadcastMethods,
  ...httpFeedMethods,
  ...captureMethods,
  ...analyticsMethods,
  ...dashboardMethods,
  ...outputMethods,
  ...canvasMethods,
  ...canvasLoadMethods,
  ...exportMethods,
  ...learnerMethods,
  ...courseMethods,
  ...webrtcMethods,
  ...backupMethods,
  ...scheduleMethods,
  ...rosterMethods,
  ...followUpMethods,
  ...importWizardMethods,
  ...reviewMethods,
  ...satisfactionMethods,
  ...offerLabMethods,
  ...highValueMethods,
  ...pointsMethods,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const studioEvents = {
  'workspace.changed': WorkspaceInfo,
  'settings.changed': Settings,
  'studio.healthChanged': StudioHealth,
  ...liveEvents,
  ...broadcastEvents,
  ...analyticsEvents,
  ...outputEvents,
  ...learnerEvents,
  ...courseEvents,
  ...webrtcEvents,
  ...backupEvents,
  ...rosterEvents,
  ...reviewEvents,
  ...satisfactionEvents,
  ...pointsEvents,
} as const satisfies Record<string, z.ZodType>;

export type StudioMethods = typeof studioMethods;
export type MethodName = keyof StudioMethods;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<StudioMethods[M]['input']>;
/** What a handler receives (defaults applied). */
export type MethodArgs<M extends MethodName> = z.output<StudioMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<StudioMethods[M]['output']>;

export type StudioEvents = typeof studioEvents;
export type EventName = keyof StudioEvents;
export type EventPayload<E extends EventName> = z.output<StudioEvents[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(studioMethods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(studioEvents, name);
}
