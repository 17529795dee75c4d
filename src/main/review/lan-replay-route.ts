import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../kernel/clock';
import { guarded } from '../kernel/guarded';
import type { Logger } from '../kernel/logger';
import { TokenBucket } from '../kernel/token-bucket';
import type { Db } from '../storage/connection';
import {
  lanReplayEnabled,
  replayWatcher,
  storeReplayHeartbeat,
  watchedSpans,
} from '../storage/queries/lan-replay';
import { sessionByJoinCode } from '../storage/queries/live/sessions';
import { addIdentity, createLearner, learnerByDevice } from '../storage/queries/live/viewers';
import { resolveRecordingFile, sendRecording } from './recording-media';
import {
  HEARTBEAT_MAX_BYTES,
  HeartbeatError,
  coveredMs,
  mergeSpans,
  parseHeartbeat,
} from './replay-heartbeat';
import type { ReviewTimeline } from '../../shared/contract/review-api';
import type { LanReplayAnswer } from '../../shared/contract/replay-data';
import { reviewTimeline } from './review-timeline';
import { acceptReplaySurvey, REPLAY_SURVEY_MAX_BYTES, replaySurveyOffer } from './replay-survey';

/**
 * The replay of an ended class on its join link (issue #12), served by the audience server when
 * the educator switched it on for that class:
 *   GET  /j/<code>/replay.json         what the page plays: parts, chapters, chat (or why not)
 *   GET  /j/<code>/replay/media/<n>    part n of the recording, with byte ranges (recording-media)
 *   POST /j/<code>/replay/watch        the page's heartbeat: the spans it played (replay-heartbeat)
 *   POST /j/<code>/replay/survey       the class's survey answered after the replay (replay-survey)
 * Everything else is not this route's (handle returns false).
 */

export interface LanReplayRouteDeps {
  db: () => Db;
  workspaceDir: () => string;
  clock: Clock;
  logger: Logger;
}

/** What the audience server lends a route: the request's path and its new-identity limiter. */
export interface LanReplayContext {
  path: string;
  headers: Record<string, string>;
  /** Milliseconds to wait before this address may mint another learner (0: now). */
  newIdentity: () => number;
}

/** How often the page reports; what the per-learner bucket lets through. */
export const HEARTBEAT_EVERY_MS = 10_000;
const BUCKET = { ratePerSecond: 1 / 5, burst: 3 };
const MAX_BUCKETS = 10_000;
const TIMELINE_CACHE_MS = 30_000;
const REPLAY_VIEWER_NAME = 'Replay viewer';

const ROUTE = /^\/j\/([A-Za-z0-9]{4,12})\/replay(\.json|\/media\/(\d{1,3})|\/watch|\/survey)$/;

type Refusal = { status: number; state: 'none' | 'off' | 'no-recording'; message: string };

export function createLanReplayRoute(deps: LanReplayRouteDeps): {
  handle(req: IncomingMessage, res: ServerResponse, ctx: LanReplayContext): boolean;
} {
  const buckets = new Map<string, TokenBucket>();
  const timelines = new Map<number, { at: number; timeline: ReviewTimeline }>();

  const json = (
    res: ServerResponse,
    ctx: LanReplayContext,
    status: number,
    body: unknown,
  ): void => {
    res.writeHead(status, {
      ...ctx.headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(JSON.stringify(body));
  };

  const timelineOf = (sessionId: number): ReviewTimeline => {
    const now = deps.clock();
    const cached = timelines.get(sessionId);
    if (cached && now - cached.at < TIMELINE_CACHE_MS) return cached.timeline;
    const timeline = reviewTimeline(deps.db(), sessionId, now);
    if (timelines.size > 64) timelines.clear();
    timelines.set(sessionId, { at: now, timeline });
    return timeline;
  };

  /** The class the code names, if its replay is served now; else why not. */
  const replayOf = (code: string): { sessionId: number; timeline: ReviewTimeline } | Refusal => {
    const session = sessionByJoinCode(deps.db(), code.toUpperCase());
    if (!session || session.status !== 'ended') {
      return { status: 404, state: 'none', message: 'no ended class with this code' };
    }
    if (!lanReplayEnabled(deps.db(), session.id)) {
      return {
        status: 403,
        state: 'off',
        message: 'the educator has not made the replay of this class available',
      };
    }
    const timeline = timelineOf(session.id);
    const parts = timeline.class.parts;
    if (parts.length === 0 || parts.some((p) => p.status === 'recording')) {
      return { status: 404, state: 'no-recording', message: 'this class has no recording' };
    }
    return { sessionId: session.id, timeline };
  };

  const serveData = (res: ServerResponse, ctx: LanReplayContext, code: string): void => {
    const replay = replayOf(code);
    if ('state' in replay) {
      // An answer, not a failure: the page asks on every visit (a live class has no replay), so
      // a refusal here would be an error in every learner's console. The media and the reports
      // are refused with their status.
      const refusal: LanReplayAnswer = { state: replay.state, message: replay.message };
      json(res, ctx, 200, refusal);
      return;
    }
    const { timeline } = replay;
    const cls = timeline.class;
    const answer: LanReplayAnswer = {
      state: 'replay',
      title: cls.title,
      courseTitle: cls.courseTitle,
      durationS: cls.durationS,
      heartbeatMs: HEARTBEAT_EVERY_MS,
      surveyId: replaySurveyOffer(deps.db(), replay.sessionId),
      parts: cls.parts.map((p) => ({ index: p.index, offsetS: p.offsetS, durationS: p.durationS })),
      chapters: timeline.chapters.map((c) => ({ t: c.t, title: c.title, source: c.source })),
      // What the class's page showed: names as shown in the class, the host's lines, text.
      chat: timeline.chat.map((l) => ({
        t: l.t,
        name: l.name,
        fromHost: l.fromHost,
        text: l.text,
      })),
    };
    json(res, ctx, 200, answer);
  };

  const serveMedia = (
    req: IncomingMessage,
    res: ServerResponse,
    ctx: LanReplayContext,
    code: string,
    index: number,
  ): void => {
    const replay = replayOf(code);
    const part = 'state' in replay ? undefined : replay.timeline.class.parts[index];
    const target = part
      ? resolveRecordingFile(deps.db(), deps.workspaceDir(), String(part.recordingId))
      : null;
    if (!target) {
      const refusal = 'state' in replay ? replay : null;
      res.writeHead(refusal?.status ?? 404, {
        ...ctx.headers,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(refusal?.message ?? 'no such part of the recording');
      return;
    }
    sendRecording(req, res, target, ctx.headers);
  };

  const refuse = (res: ServerResponse, ctx: LanReplayContext, error: HeartbeatError): void =>
    json(res, ctx, error.status, {
      ok: false,
      error: { code: error.code, message: error.message },
    });

  /** A report or an answer for a replay that is not served: refused with the reason. */
  const refuseReplay = (res: ServerResponse, ctx: LanReplayContext, replay: Refusal): void =>
    json(res, ctx, replay.status, {
      ok: false,
      error: { code: replay.state === 'off' ? 'FORBIDDEN' : 'NOT_FOUND', message: replay.message },
    });

  const acceptHeartbeat = (
    res: ServerResponse,
    ctx: LanReplayContext,
    code: string,
    body: string,
  ): void => {
    const replay = replayOf(code);
    if ('state' in replay) {
      refuseReplay(res, ctx, replay);
      return;
    }
    const durationMs = Math.round(replay.timeline.class.durationS * 1_000);
    let beat;
    try {
      beat = parseHeartbeat(body, durationMs);
    } catch (error) {
      if (error instanceof HeartbeatError) {
        refuse(res, ctx, error);
        return;
      }
      throw error;
    }
    const now = deps.clock();
    const key = `${String(replay.sessionId)}:${beat.deviceToken}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= MAX_BUCKETS) buckets.clear();
      bucket = TokenBucket.create(BUCKET, now);
      buckets.set(key, bucket);
    }
    const wait = bucket.take(now);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1_000)));
      refuse(
        res,
        ctx,
        new HeartbeatError(429, 'RATE_LIMITED', 'reports come too often; wait a few seconds'),
      );
      return;
    }
    const db = deps.db();
    const known = learnerByDevice(db, beat.deviceToken);
    if (known === undefined) {
      const identityWait = ctx.newIdentity();
      if (identityWait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(identityWait / 1_000)));
        refuse(
          res,
          ctx,
          new HeartbeatError(
            429,
            'RATE_LIMITED',
            'too many new viewers from this network address; try again in a minute',
          ),
        );
        return;
      }
    }
    const sessionId = replay.sessionId;
    const stored = db.transaction(() => {
      let learnerId = learnerByDevice(db, beat.deviceToken);
      if (learnerId === undefined) {
        learnerId = createLearner(db, { name: REPLAY_VIEWER_NAME, now });
        addIdentity(db, { learnerId, kind: 'device', value: beat.deviceToken, now });
      }
      const watcher = replayWatcher(db, sessionId, learnerId);
      if (watcher && beat.seq <= watcher.last_seq) return { stale: watcher.last_seq };
      const merged = mergeSpans([...watchedSpans(db, sessionId, learnerId), ...beat.spans]);
      storeReplayHeartbeat(db, { sessionId, learnerId, seq: beat.seq, now, merged });
      return { watchedMs: coveredMs(merged) };
    })();
    if ('stale' in stored) {
      refuse(
        res,
        ctx,
        new HeartbeatError(
          409,
          'STALE',
          `seq must grow: the last report was ${String(stored.stale)}`,
        ),
      );
      return;
    }
    json(res, ctx, 200, { ok: true, watchedMs: stored.watchedMs });
  };

  const acceptSurvey = (
    res: ServerResponse,
    ctx: LanReplayContext,
    code: string,
    body: string,
  ): void => {
    const replay = replayOf(code);
    if ('state' in replay) {
      refuseReplay(res, ctx, replay);
      return;
    }
    const result = acceptReplaySurvey(deps.db(), replay.sessionId, body, deps.clock());
    json(res, ctx, result.status, result.body);
  };

  const readBody = (
    req: IncomingMessage,
    res: ServerResponse,
    ctx: LanReplayContext,
    code: string,
    survey: boolean,
  ): void => {
    const maxBytes = survey ? REPLAY_SURVEY_MAX_BYTES : HEARTBEAT_MAX_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const sink = { logger: deps.logger };
    const tooLarge = (): void => {
      done = true;
      res.setHeader('Connection', 'close');
      refuse(
        res,
        ctx,
        new HeartbeatError(
          413,
          'TOO_LARGE',
          `a ${survey ? 'survey answer' : 'report'} is at most ${String(maxBytes)} bytes`,
        ),
      );
      req.resume();
    };
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      tooLarge();
      return;
    }
    req.on(
      'data',
      guarded(sink, 'replay heartbeat body', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > maxBytes) tooLarge();
        else chunks.push(chunk);
      }),
    );
    req.on(
      'end',
      guarded(sink, 'replay heartbeat', () => {
        if (done) return;
        done = true;
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          if (survey) acceptSurvey(res, ctx, code, text);
          else acceptHeartbeat(res, ctx, code, text);
        } catch (error) {
          deps.logger.error({ err: error }, 'replay heartbeat failed');
          if (!res.headersSent)
            json(res, ctx, 500, {
              ok: false,
              error: { code: 'INTERNAL', message: 'the report could not be stored' },
            });
        }
      }),
    );
    req.on('error', () => res.destroy());
  };

  return {
    handle(req, res, ctx) {
      const match = ROUTE.exec(ctx.path);
      if (!match) return false;
      const code = match[1] ?? '';
      const method = req.method ?? 'GET';
      const post = match[2] === '/watch' || match[2] === '/survey';
      const kind = post ? 'post' : match[2] === '.json' ? 'data' : 'media';
      if (post ? method !== 'POST' : method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { ...ctx.headers, Allow: post ? 'POST' : 'GET, HEAD' });
        res.end();
        return true;
      }
      if (kind === 'data') serveData(res, ctx, code);
      else if (kind === 'media') serveMedia(req, res, ctx, code, Number(match[3]));
      else readBody(req, res, ctx, code, match[2] === '/survey');
      return true;
    },
  };
}
