import { randomUUID } from 'node:crypto';
import { StudioError, type MethodOutput } from '../../shared/contract';
import { REPORT_EXPORT_VERSION, type exportMethods } from '../../shared/contract/exports-api';
import type { Language } from '../../shared/model/domain';
import type { AnalyticsHandlerMap } from '../insights/analytics-handlers';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import { readReportBundle, writeReportExport, type PdfPrinter } from './report-export';
import type { Handler, HandlerMap } from '../kernel/router';

type ExportMethod = keyof typeof exportMethods;
export type ExportHandlerMap = { [M in ExportMethod]: Handler<M> };

/** Per-viewer and per-attendee rows an exported report lists (highest first). */
const EXPORT_ROWS = 200;

export interface ExportDeps {
  /** The class report and its customer sections, computed as the report screen gets them. */
  analytics: Pick<AnalyticsHandlerMap, 'report.session' | 'report.sessionCustomers'>;
  /** The Satisfaction and offer sections, as the report screen gets them. */
  sections: Pick<HandlerMap, 'report.satisfaction' | 'report.offerLab'>;
  workspaceDir: () => string;
  language: () => Language;
  clock: Clock;
  emit: EventBus['emit'];
  /** out/renderer of the build (the report app is in report/); undefined without a built UI. */
  rendererDir: string | undefined;
  printer: PdfPrinter | null;
  appVersion: string;
}

/** `report.export` (exports-api.ts): the report as the screen shows it, to a file. */
export function createExportHandlers(deps: ExportDeps): ExportHandlerMap {
  return {
    'report.export': async ({ sessionId, format, attributionWindowDays, weights, jobId }, ctx) => {
      if (deps.rendererDir === undefined)
        throw new StudioError('UNAVAILABLE', 'this studio was started without its built UI');
      const bundle = readReportBundle(deps.rendererDir);
      const id = jobId ?? randomUUID();
      const window = attributionWindowDays === undefined ? {} : { attributionWindowDays };
      const report = await deps.analytics['report.session'](
        {
          sessionId,
          viewerLimit: EXPORT_ROWS,
          viewerOffset: 0,
          jobId: id,
          ...window,
          ...(weights === undefined ? {} : { weights }),
        },
        ctx,
      );
      // The customer sections fit workspace-wide models; a report without them still exports.
      let customers: MethodOutput<'report.sessionCustomers'> | null = null;
      let customersError: string | null = null;
      try {
        customers = await deps.analytics['report.sessionCustomers'](
          {
            sessionId,
            attendeeLimit: EXPORT_ROWS,
            attendeeOffset: 0,
            followUpLimit: EXPORT_ROWS,
            followUpOffset: 0,
            jobId: id,
            ...window,
          },
          ctx,
        );
      } catch (error) {
        if (error instanceof StudioError && error.message.startsWith('cancelled')) throw error;
        customersError = error instanceof Error ? error.message : String(error);
      }
      const satisfaction = await deps.sections['report.satisfaction']({ sessionId }, ctx);
      const offerLab = await deps.sections['report.offerLab']({ sessionId }, ctx);
      if (format === 'pdf')
        deps.emit('analytics.progress', {
          jobId: id,
          method: 'report.export',
          phase: 'pdf',
          done: 0,
          total: 1,
        });
      return writeReportExport({
        workspaceDir: deps.workspaceDir(),
        data: {
          version: REPORT_EXPORT_VERSION,
          kind: 'session',
          language: deps.language(),
          exportedAt: deps.clock(),
          appVersion: deps.appVersion,
          report,
          customers,
          customersError,
          satisfaction,
          offerLab,
        },
        bundle,
        format,
        printer: deps.printer,
      });
    },
  };
}
