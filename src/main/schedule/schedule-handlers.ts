import { StudioError } from '../../shared/contract';
import type { scheduleMethods, ScheduledClass } from '../../shared/contract/schedule-api';
import type { Language, SessionStatus } from '../../shared/model/domain';
import type { CourseId, SessionId } from '../../shared/model/ids';
import type { AudienceServer } from '../audience/audience-server';
import { qrSvg, shareableJoinUrl } from '../audience/lan';
import { toLiveSession } from '../audience/live-views';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Handler } from '../kernel/router';
import type { Db } from '../storage/connection';
import { courseExists } from '../storage/queries/library';
import {
  cancelSchedule,
  courseTitle,
  getScheduledClass,
  insertSchedule,
  updateSchedule,
  upcomingClasses,
  type ScheduledClassRow,
} from '../storage/queries/live/schedules';
import { createSession, getSession } from '../storage/queries/live/sessions';
import { writeIcs, type IcsEvent } from './ics';

type ScheduleMethod = keyof typeof scheduleMethods;
export type ScheduleHandlerMap = { [M in ScheduleMethod]: Handler<M> };

export interface ScheduleDeps {
  db: () => Db;
  audience: () => AudienceServer;
  clock: Clock;
  emit: EventBus['emit'];
  language: () => Language;
}

const MINUTE_MS = 60_000;

const DESCRIPTION: Record<
  Language,
  (a: { url: string | null; code: string; warmup: number }) => string
> = {
  en: ({ url, code, warmup }) =>
    [
      url ? `Join: ${url}` : null,
      `Join code: ${code}`,
      warmup > 0 ? `The chat opens ${String(warmup)} minutes before the start.` : null,
    ]
      .filter((line) => line !== null)
      .join('\n'),
  'zh-CN': ({ url, code, warmup }) =>
    [
      url ? `加入链接：${url}` : null,
      `加入码：${code}`,
      warmup > 0 ? `开课前 ${String(warmup)} 分钟开放聊天。` : null,
    ]
      .filter((line) => line !== null)
      .join('\n'),
};

/** A file name that every file system takes: the title's letters and digits, any script. */
function fileNameOf(title: string, fallback: string): string {
  const base = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base === '' ? fallback : base}.ics`;
}

/** Scheduling classes ahead of time; see shared/contract/schedule-api.ts. */
export function createScheduleHandlers(deps: ScheduleDeps): ScheduleHandlerMap {
  const { clock, emit } = deps;

  const joinUrl = (code: string): string | null => shareableJoinUrl(deps.audience(), code);

  const view = (row: ScheduledClassRow, code: string): ScheduledClass => ({
    sessionId: row.id as SessionId,
    title: row.title,
    courseId: row.course_id as CourseId | null,
    courseTitle: row.course_title,
    status: row.status as SessionStatus,
    startsAt: row.scheduled_at,
    endsAt: row.scheduled_at + row.planned_minutes * MINUTE_MS,
    plannedMinutes: row.planned_minutes,
    warmupMinutes: row.warmup_minutes,
    opensAt: row.scheduled_at - row.warmup_minutes * MINUTE_MS,
    sequence: row.sequence,
    cancelledAt: row.cancelled_at,
    joinCode: code,
    joinUrl: joinUrl(code),
  });

  const planned = (sessionId: number): ScheduledClass => {
    const row = getScheduledClass(deps.db(), sessionId);
    if (!row) throw new StudioError('NOT_FOUND', `no planned class ${String(sessionId)}`);
    return view(row, row.join_code ?? deps.audience().ensureJoinCode(sessionId));
  };

  /** A class that can still change: planned, not started, not cancelled. */
  const editable = (sessionId: number): ScheduledClass => {
    const current = planned(sessionId);
    if (current.cancelledAt !== null) throw new StudioError('CONFLICT', 'the class was cancelled');
    if (current.status !== 'scheduled') {
      throw new StudioError('CONFLICT', 'the class has already started');
    }
    return current;
  };

  const checkCourse = (courseId: number | null | undefined): void => {
    if (courseId !== undefined && courseId !== null && !courseExists(deps.db(), courseId)) {
      throw new StudioError('NOT_FOUND', 'no such course');
    }
  };

  const changed = (sessionId: number): void => {
    const row = getSession(deps.db(), sessionId);
    if (row) emit('session.changed', toLiveSession(row));
  };

  const icsEvent = (item: ScheduledClass): IcsEvent => {
    const row = getScheduledClass(deps.db(), item.sessionId);
    return {
      // Stable for the life of the class; the creation time keeps two workspaces' session 1 apart.
      uid: `class-${String(item.sessionId)}-${String(row?.created_at ?? 0)}@encore-studio`,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      sequence: item.sequence,
      summary: item.courseTitle ? `${item.title} · ${item.courseTitle}` : item.title,
      description: DESCRIPTION[deps.language()]({
        url: item.joinUrl,
        code: item.joinCode,
        warmup: item.warmupMinutes,
      }),
      url: item.joinUrl,
      cancelled: item.cancelledAt !== null,
    };
  };

  return {
    'session.schedule': ({ courseId, title, startsAt, plannedMinutes, warmupMinutes }) => {
      const db = deps.db();
      const now = clock();
      if (startsAt <= now) throw new StudioError('BAD_INPUT', 'the start is in the past');
      checkCourse(courseId);
      const id = db.transaction(() => {
        const sessionId = createSession(db, {
          courseId: courseId ?? null,
          title,
          scheduledAt: startsAt,
          now,
        });
        insertSchedule(db, { sessionId, plannedMinutes, warmupMinutes, now });
        return sessionId;
      })();
      // The join code exists from now on: the link and QR can be shared days before.
      deps.audience().ensureJoinCode(id);
      changed(id);
      return planned(id);
    },
    'session.reschedule': ({ sessionId, ...change }) => {
      const current = editable(sessionId);
      checkCourse(change.courseId);
      updateSchedule(deps.db(), {
        sessionId,
        title: change.title ?? current.title,
        courseId: change.courseId === undefined ? current.courseId : change.courseId,
        scheduledAt: change.startsAt ?? current.startsAt,
        plannedMinutes: change.plannedMinutes ?? current.plannedMinutes,
        warmupMinutes: change.warmupMinutes ?? current.warmupMinutes,
        now: clock(),
      });
      changed(sessionId);
      return planned(sessionId);
    },
    'session.cancel': ({ sessionId }) => {
      editable(sessionId);
      cancelSchedule(deps.db(), { sessionId, now: clock() });
      // Viewers already in the warm-up are told, and not let back in (audience-server gate).
      deps.audience().closeHub(sessionId, 'cancelled');
      changed(sessionId);
      return planned(sessionId);
    },
    'session.upcoming': ({ courseId }) =>
      upcomingClasses(deps.db(), {
        now: clock(),
        courseId: courseId ?? null,
        includeCancelled: false,
      }).map((row) => view(row, row.join_code ?? deps.audience().ensureJoinCode(row.id))),
    'session.share': async ({ sessionId }) => {
      const item = planned(sessionId);
      const server = deps.audience();
      await server.ready();
      const urls = server.urls(item.joinCode);
      return {
        sessionId: item.sessionId,
        joinCode: item.joinCode,
        urls,
        qrSvg: urls[0] ? await qrSvg(urls[0].url) : null,
      };
    },
    'session.ics': ({ sessionId }) => {
      const item = planned(sessionId);
      const cancelled = item.cancelledAt !== null;
      return {
        fileName: fileNameOf(item.title, `class-${String(sessionId)}`),
        content: writeIcs({
          stampedAt: clock(),
          method: cancelled ? 'CANCEL' : 'PUBLISH',
          events: [icsEvent(item)],
        }),
      };
    },
    'course.ics': ({ courseId }) => {
      const db = deps.db();
      checkCourse(courseId);
      const rows = upcomingClasses(db, { now: clock(), courseId, includeCancelled: true });
      const items = rows.map((row) =>
        view(row, row.join_code ?? deps.audience().ensureJoinCode(row.id)),
      );
      const title = courseTitle(db, courseId) ?? `course-${String(courseId)}`;
      return {
        fileName: fileNameOf(title, `course-${String(courseId)}`),
        content: writeIcs({
          stampedAt: clock(),
          method: 'PUBLISH',
          name: title,
          events: items.map(icsEvent),
        }),
      };
    },
  };
}
