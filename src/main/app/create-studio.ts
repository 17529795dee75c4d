import { randomBytes } from 'node:crypto';
import { StudioError, type AppInfo, type WorkspaceInfo } from '../../shared/contract';
import type { DesktopSource, DesktopSourceKind } from '../../shared/contract/capture-api';
import type { CourseId, LearnerId, SessionId } from '../../shared/model/ids';
import type { SessionStatus, WorkspaceName } from '../../shared/model/domain';
import { AudienceServer, type AudienceLimits } from '../audience/audience-server';
import type { HubTuning } from '../audience/audience-hub';
import { createLiveHandlers, hasActiveSession } from '../audience/live-handlers';
import { createOfferLabHandlers } from '../offer-lab/offer-lab-handlers';
import { createReviewHandlers } from '../review/review-handlers';
import { createStudioMediaRoute, STUDIO_MEDIA_PREFIX } from './studio-media-route';
import { createPointsHandlers } from '../audience/points-handlers';
import { createSurveyHandlers } from '../audience/survey-handlers';
import { createSatisfactionReportHandlers } from '../insights/satisfaction-handlers';
import { createLanReplayRoute } from '../review/lan-replay-route';
import { createScheduleHandlers } from '../schedule/schedule-handlers';
import { createAnalytics } from '../insights/analytics-handlers';
import type { AnalyticsWarmUp, WarmUpOptions } from '../insights/analytics-warm-up';
import { createBackupHandlers } from '../backup/backup-handlers';
import { BackupService } from '../backup/backup-service';
import { generateDemoWorkspace } from '../demo/generate-demo';
import { createBroadcastHandlers } from '../media/broadcast-handlers';
import { recoverRecordings } from '../media/recording/recover';
import { createOutputHandlers } from '../media/outputs/output-handlers';
import { OutputManager } from '../media/outputs/output-manager';
import type { SecretCipher } from '../media/outputs/secret-store';
import { createWebRtcHandlers } from '../media/webrtc/webrtc-handlers';
import { WebRtcService, type WebRtcConfig } from '../media/webrtc/webrtc-service';
import { shareableJoinUrl } from '../audience/lan';
import { webrtcConfig } from './webrtc-config';
import { countWorkspace, listLearners, listSessions } from '../storage/queries/library';
import { systemClock, type Clock } from '../kernel/clock';
import { createEventBus, type EventBus } from '../kernel/event-bus';
import { createHealthMonitor, storageProblem } from '../kernel/health';
import { createCourseHandlers } from '../library/course-handlers';
import { createLearnerHandlers } from '../learners/learner-handlers';
import { createRosterHandlers } from '../learners/roster-handlers';
import { createFollowUpHandlers } from '../learners/follow-up-handlers';
import { createHighValueExportHandlers } from '../learners/high-value-export';
import { createLogger, type Logger } from '../kernel/logger';
import { createImportWizardHandlers } from '../imports/wizard-handlers';
import { setWorkspaceTimeZone, workspaceTimeZone } from '../storage/queries/import-wizard';
import { readPreferences, writePreferences, type Preferences } from '../kernel/preferences';
import { createRouter, type HandlerMap, type Router } from '../kernel/router';
import {
  closeWorkspace,
  openWorkspace,
  removeWorkspaceDatabase,
  type Workspace,
} from '../storage/workspace';
import { createExportHandlers } from '../exports/export-handlers';
import { chromiumPdfPrinterIfInstalled, type PdfPrinter } from '../exports/report-export';

export const APP_NAME = 'Encore Studio';
export const APP_VERSION = '0.1.0';
/** The demo workspace is always generated from this seed unless a caller asks for another. */
export const DEMO_SEED = 20_261_122;

export interface StudioConfig {
  /** Root of everything the studio stores: preferences and one folder per workspace. */
  dataDir: string;
  host: AppInfo['host'];
  clock?: Clock;
  logger?: Logger;
  /** better_sqlite3.node built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  /** Open this workspace instead of the one remembered in the preferences. */
  workspace?: WorkspaceName;
  /**
   * The audience server learners join on the LAN: 0.0.0.0 and a free port by default (tests use
   * 127.0.0.1 and port 0); `rendererDir` is out/renderer, for the viewer page.
   */
  /**
   * out/renderer of the build: the report app inside it (report/) makes HTML and PDF exports.
   * Defaults to `audience.rendererDir`.
   */
  rendererDir?: string;
  /**
   * Lists screens and windows for capture (the Electron shell's desktopCapturer); absent in a
   * browser, whose own picker does this.
   */
  desktopSources?: (options: {
    kinds: DesktopSourceKind[];
    thumbnailWidth: number;
  }) => Promise<DesktopSource[]>;
  /**
   * Electron's safeStorage: stream keys are then encrypted with a key the OS keeps for this user
   * (Keychain, DPAPI, libsecret) instead of relying on file permissions alone.
   */
  secretCipher?: SecretCipher;
  /** Prints PDF exports; by default headless Chromium when one is installed, else none. */
  pdfPrinter?: PdfPrinter | null;
  audience?: {
    host?: string;
    port?: number;
    rendererDir?: string;
    tuning?: Partial<HubTuning>;
    limits?: Partial<AudienceLimits>;
  };
  /**
   * WebRTC delivery through mediasoup (optional: off by itself where mediasoup or its worker is
   * missing). Transports listen where the audience server does unless `listenIp` says otherwise.
   */
  webrtc?: Partial<WebRtcConfig>;
  /**
   * Serve the Review player's recordings on the audience server's loopback media route (the
   * Electron shell: its studio page is a file). The browser host serves them itself.
   */
  mediaOverLoopback?: boolean;
  analyticsWarmUp?: WarmUpOptions | false; // on, except in test studios
}

export interface Studio {
  readonly router: Router;
  readonly events: EventBus;
  readonly logger: Logger;
  /** The open workspace; replaced when the user switches or loads the demo. */
  workspace(): Workspace;
  info(): AppInfo;
  /** The audience server (viewer page + audience WebSocket). */
  readonly audience: AudienceServer;
  /** WebRTC delivery (mediasoup), off by itself where mediasoup or its worker is missing. */
  readonly webrtc: WebRtcService;
  readonly warmUp: AnalyticsWarmUp | null;
  /** Ends nothing: live sessions stay live and resume when the studio starts again. */
  close(): void;
}

/**
 * The composition root: everything the studio does, in plain Node. The Electron shell, the
 * browser host and the tests all start here and talk to it only through `router` and `events`.
 */
export function createStudio(config: StudioConfig): Studio {
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? createLogger();
  const openOptions = {
    ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}),
    checkpoints: {
      onFallback: (err: Error) => logger.warn({ err }, 'WAL checkpoints on the writer'),
    },
  };
  let preferences: Preferences = readPreferences(config.dataDir);
  if (config.workspace) preferences = { ...preferences, workspace: config.workspace };
  let current = openWorkspace(config.dataDir, preferences.workspace, openOptions);
  const events = createEventBus((error) => logger.error({ err: error }, 'event listener failed'));
  const health = createHealthMonitor({
    clock,
    emit: (status) => events.emit('studio.healthChanged', status),
  });
  // A test studio never listens beyond loopback unless it asks to.
  const audienceHost = config.audience?.host ?? (config.host === 'test' ? '127.0.0.1' : '0.0.0.0');
  const webrtc = WebRtcService.create({
    config: webrtcConfig(config.webrtc, audienceHost),
    logger,
    emit: (status) => events.emit('webrtc.changed', status),
  });
  const audience = AudienceServer.create({
    db: current.db,
    clock,
    logger,
    emit: (event, payload) => events.emit(event, payload),
    host: audienceHost,
    // Tests take any free port; the app keeps its usual one (see DEFAULT_AUDIENCE_PORT).
    ...(config.audience?.port !== undefined || config.host === 'test'
      ? { port: config.audience?.port ?? 0 }
      : {}),
    ...(config.audience?.rendererDir ? { rendererDir: config.audience.rendererDir } : {}),
    ...(config.audience?.tuning ? { tuning: config.audience.tuning } : {}),
    ...(config.audience?.limits ? { limits: config.audience.limits } : {}),
    rtc: webrtc,
    health,
  });
  // The desktop app's Review player: recordings over loopback, behind a token made now.
  const mediaToken = config.mediaOverLoopback ? randomBytes(24).toString('base64url') : null;
  if (mediaToken !== null)
    audience.addHttpRoute(
      createStudioMediaRoute({
        db: () => current.db,
        workspaceDir: () => current.dir,
        token: mediaToken,
      }),
    );
  const mediaBase = (): string =>
    mediaToken === null
      ? ''
      : `http://127.0.0.1:${String(audience.port)}${STUDIO_MEDIA_PREFIX}${mediaToken}`;
  // The replay of an ended class on its join link, when the educator switched it on.
  audience.addHttpRoute(
    createLanReplayRoute({ db: () => current.db, workspaceDir: () => current.dir, clock, logger }),
  );
  try {
    recoverRecordings(current.db, logger);
    const resumed = audience.resumeSessions();
    if (resumed.length > 0) logger.info({ sessions: resumed }, 'live sessions resumed');
  } catch (error) {
    logger.error({ err: error }, 'could not resume live sessions');
  }

  const savePreferences = (next: Preferences): void => {
    try {
      writePreferences(config.dataDir, next);
    } catch (error) {
      health.writeFailed(error);
      if (storageProblem(error) === 'diskFull') {
        throw new StudioError('UNAVAILABLE', 'the disk is full: the settings cannot be saved');
      }
      throw error;
    }
    preferences = next;
  };

  const workspaceInfo = (): WorkspaceInfo => ({
    name: current.name,
    dataDir: current.dir,
    ...countWorkspace(current.db),
  });

  /** Closes the open workspace and opens `name`, optionally emptied and refilled first. */
  const switchTo = (
    name: WorkspaceName,
    options: { reset?: boolean; fill?: (workspace: Workspace) => void } = {},
  ): WorkspaceInfo => {
    const previous = current.name;
    if (hasActiveSession(current.db)) {
      throw new StudioError('CONFLICT', 'a session is live: end it before switching workspaces');
    }
    if (backups.running()) {
      throw new StudioError('CONFLICT', 'a backup or restore is running: wait for it to finish');
    }
    audience.switchDatabase(current.db);
    closeWorkspace(current);
    try {
      if (options.reset) removeWorkspaceDatabase(config.dataDir, name);
      current = openWorkspace(config.dataDir, name, openOptions);
      options.fill?.(current);
    } catch (error) {
      // Never leave the studio without a workspace: go back to the one that was open.
      closeWorkspace(current);
      current = openWorkspace(config.dataDir, previous, openOptions);
      audience.switchDatabase(current.db);
      throw error;
    }
    audience.switchDatabase(current.db);
    recoverRecordings(current.db, logger);
    audience.resumeSessions();
    savePreferences({ ...preferences, workspace: name });
    const info = workspaceInfo();
    events.emit('workspace.changed', info);
    return info;
  };

  const backups = BackupService.create({
    dataDir: config.dataDir,
    workspace: () => current,
    clock,
    logger,
    health,
    appVersion: APP_VERSION,
    settings: () => preferences.backups,
    emitProgress: (progress) => events.emit('backup.progress', progress),
    emitCreated: (info) => events.emit('backup.created', info),
    nativeBinding: config.nativeBinding,
  });
  // The daily backup runs in the app; test studios take theirs when a test asks.
  if (config.host !== 'test') backups.start();

  // Platform outputs; the recorder feeds `outputs.sink` (media/outputs/program-stream-sink.ts).
  const outputs = OutputManager.create({
    db: () => current.db,
    workspaceDir: () => current.dir,
    clock,
    logger,
    emit: (event, payload) => events.emit(event, payload),
    ...(config.secretCipher ? { secretCipher: config.secretCipher } : {}),
  });

  const analytics = createAnalytics({
    workspace: () => current,
    clock,
    emit: (event, payload) => events.emit(event, payload),
    language: () => preferences.language,
    logger,
    nativeBinding: config.nativeBinding,
    warmUp: config.analyticsWarmUp ?? (config.host === 'test' ? false : {}),
    studio: { events, live: () => hasActiveSession(current.db) },
  });

  const settingsNow = (): { language: Preferences['language']; timeZone: string } => ({
    language: preferences.language,
    timeZone: workspaceTimeZone(current.db),
  });

  const handlers: HandlerMap = {
    'app.info': () => info(),
    'studio.health': () => health.status(),
    'settings.get': () => settingsNow(),
    'settings.update': ({ timeZone, ...input }) => {
      // The time zone belongs to the workspace (its settings table); the rest to the app.
      if (timeZone !== undefined) setWorkspaceTimeZone(current.db, timeZone, clock());
      savePreferences({ ...preferences, ...input });
      const settings = settingsNow();
      events.emit('settings.changed', settings);
      return settings;
    },
    'workspace.open': ({ name }) => (name === current.name ? workspaceInfo() : switchTo(name)),
    'workspace.loadDemo': ({ seed }) =>
      switchTo('demo', {
        reset: true,
        fill: (workspace) => {
          const summary = generateDemoWorkspace(workspace.db, {
            seed: seed ?? DEMO_SEED,
            now: clock(),
          });
          logger.info({ summary }, 'demo workspace generated');
        },
      }),
    'library.learners': (input) => {
      const page = listLearners(current.db, input);
      return {
        total: page.total,
        rows: page.rows.map((row) => ({
          id: row.id as LearnerId,
          displayName: row.display_name,
          firstSeenAt: row.created_at,
          hasEmail: row.has_email === 1,
          hasPhone: row.has_phone === 1,
          consentFollowUp: row.consent_follow_up === 1,
          sessionsAttended: row.sessions_attended,
          orderCount: row.order_count,
          spent: parseSpent(row.spent),
          lastOrderAt: row.last_order_at,
        })),
      };
    },
    ...createBroadcastHandlers({
      db: () => current.db,
      workspaceDir: () => current.dir,
      audience: () => audience,
      clock,
      logger,
      emit: (event, payload) => events.emit(event, payload),
      programSinks: [outputs.sink],
    }),
    ...createOutputHandlers(outputs, health),
    ...createWebRtcHandlers({ db: () => current.db, webrtc }),
    ...createLiveHandlers({
      db: () => current.db,
      audience: () => audience,
      clock,
      emit: (event, payload) => events.emit(event, payload),
    }),
    ...createOfferLabHandlers({
      db: () => current.db,
      audience: () => audience,
      clock,
      emit: (event, payload) => events.emit(event, payload),
    }),
    ...createScheduleHandlers({
      db: () => current.db,
      audience: () => audience,
      clock,
      emit: (event, payload) => events.emit(event, payload),
      language: () => preferences.language,
    }),
    ...createSurveyHandlers({
      db: () => current.db,
      audience: () => audience,
      clock,
      ...(config.audience?.tuning?.surveyGraceMs === undefined
        ? {}
        : { surveyGraceMs: config.audience.tuning.surveyGraceMs }),
    }),
    ...createPointsHandlers({ db: () => current.db, audience: () => audience, clock }),
    ...createSatisfactionReportHandlers({ db: () => current.db, clock }),
    ...createReviewHandlers({
      db: () => current.db,
      clock,
      workspaceDir: () => current.dir,
      emit: (event, payload) => events.emit(event, payload),
      mediaBase,
      joinUrl: (code) => shareableJoinUrl(audience, code),
    }),
    ...analytics.handlers,
    'capture.sources': async (input) => {
      if (!config.desktopSources) {
        throw new StudioError(
          'UNAVAILABLE',
          "screen sources are listed by the desktop app; in a browser, use the browser's own picker",
        );
      }
      return config.desktopSources(input);
    },
    ...createLearnerHandlers({
      db: () => current.db,
      workspaceDir: () => current.dir,
      audience: () => audience,
      clock,
      emit: (event, payload) => events.emit(event, payload),
      logger,
      importRunning: () => analytics.importRunning(),
      forgetCachedData: () => analytics.forgetCachedData(),
    }),
    ...createRosterHandlers({
      db: () => current.db,
      clock,
      emit: (event, payload) => events.emit(event, payload),
      logger,
    }),
    ...createFollowUpHandlers({
      db: () => current.db,
      analytics: analytics.handlers,
      language: () => preferences.language,
      clock,
    }),
    ...createHighValueExportHandlers({ db: () => current.db, analytics: analytics.handlers }),
    ...createImportWizardHandlers({
      db: () => current.db,
      clock,
      importRunning: () => analytics.importRunning(),
      forgetCachedData: () => analytics.forgetCachedData(),
      dataChanged: () => analytics.warmUp?.trigger('import undone'),
    }),
    ...createCourseHandlers({
      db: () => current.db,
      workspaceDir: () => current.dir,
      clock,
      emit: (event, payload) => events.emit(event, payload),
      logger,
    }),
    ...createExportHandlers({
      analytics: analytics.handlers,
      sections: {
        'report.satisfaction': (i, c) => handlers['report.satisfaction'](i, c),
        'report.offerLab': (i, c) => handlers['report.offerLab'](i, c),
      },
      workspaceDir: () => current.dir,
      language: () => preferences.language,
      clock,
      emit: (event, payload) => events.emit(event, payload),
      rendererDir: config.rendererDir ?? config.audience?.rendererDir,
      printer:
        config.pdfPrinter !== undefined ? config.pdfPrinter : chromiumPdfPrinterIfInstalled(),
      appVersion: APP_VERSION,
    }),
    ...createBackupHandlers({
      service: backups,
      settings: () => preferences.backups,
      saveSettings: (next) => savePreferences({ ...preferences, backups: next }),
    }),
    'library.sessions': () =>
      listSessions(current.db).map((row) => ({
        id: row.id as SessionId,
        title: row.title,
        courseId: row.course_id as CourseId | null,
        courseTitle: row.course_title,
        status: row.status as SessionStatus,
        scheduledAt: row.scheduled_at,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        viewerCount: row.viewer_count,
        eventCount: row.event_count,
      })),
  };

  const router = createRouter(handlers, logger);

  function info(): AppInfo {
    return { name: APP_NAME, version: APP_VERSION, host: config.host, workspace: workspaceInfo() };
  }

  let closed = false;
  return {
    router,
    events,
    logger,
    workspace: () => {
      if (closed) throw new StudioError('UNAVAILABLE', 'the studio is shut down');
      return current;
    },
    info,
    audience,
    webrtc,
    warmUp: analytics.warmUp,
    close() {
      if (closed) return;
      closed = true;
      analytics.warmUp?.stop();
      // Hubs write their goodbyes and close attendance synchronously; the listener stops after.
      void audience.close();
      webrtc.close();
      backups.close();
      void outputs.close();
      closeWorkspace(current);
    },
  };
}

function parseSpent(json: string): { currency: string; minor: number }[] {
  return JSON.parse(json) as { currency: string; minor: number }[];
}
