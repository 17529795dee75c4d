import {
  computeSessionMetrics,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  type SessionData,
} from '../analytics/session-metrics';
import {
  recordingMediaPath,
  REVIEW_BUCKET_S,
  type Chapter,
  type RecordingPart,
  type ReviewClass,
  type ReviewTimeline,
  type TimelineMarker,
} from '../../shared/contract/review-api';
import type { SessionId } from '../../shared/model/ids';
import type { Db } from '../storage/connection';
import type { RecordingRow } from '../storage/queries/recordings';
import { recordingsOfSession } from '../storage/queries/recordings';
import {
  allRecordings,
  reviewAnnouncements,
  reviewChat,
  reviewCheckins,
  reviewLotteries,
  reviewNotes,
  reviewQuestionNames,
  savedChapters,
  startedSession,
  startedSessions,
  type ReviewSessionRow,
} from '../storage/queries/review';
import { sceneChanges } from '../storage/queries/scenes';
import { loadSessionData } from '../storage/queries/session-data';
import { StudioError } from '../../shared/contract';
import { findMoments, suggestChapters } from './moments';
import { layOutTimeline, partDurationMs, toSeconds, type TimelineLayout } from './timeline-layout';

// Joins the storage queries and the session metrics into what the Review screen shows: the
// classes with their recordings, and one class's whole timeline in seconds from its origin.

/** The portrait recordings, each on its own from its start (they are not timeline parts). */
function portraitParts(recordings: readonly RecordingRow[], now: number): RecordingPart[] {
  return recordings
    .filter((row) => row.canvas === 'portrait' && row.bytes > 0)
    .map((row, index) => ({
      recordingId: row.id,
      index,
      status: row.status,
      mimeType: row.mime_type,
      offsetS: 0,
      durationS: partDurationMs(row, now) / 1_000,
      bytes: row.bytes,
      url: recordingMediaPath(row.id),
    }));
}

function reviewClass(
  row: ReviewSessionRow,
  layout: TimelineLayout,
  portrait: RecordingPart[],
): ReviewClass {
  return {
    sessionId: row.id as SessionId,
    title: row.title,
    courseTitle: row.course_title,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationS: (layout.endAt - layout.originAt) / 1_000,
    recordedS: layout.recordedMs / 1_000,
    bytes: layout.bytes,
    parts: layout.parts.map((part) => ({
      recordingId: part.row.id,
      index: part.index,
      status: part.row.status,
      mimeType: part.row.mime_type,
      offsetS: part.offsetMs / 1_000,
      durationS: part.durationMs / 1_000,
      bytes: part.row.bytes,
      url: recordingMediaPath(part.row.id),
    })),
    portraitParts: portrait,
  };
}

export function listReviewClasses(db: Db, now: number): ReviewClass[] {
  const bySession = new Map<number, RecordingRow[]>();
  for (const row of allRecordings(db)) {
    const list = bySession.get(row.session_id) ?? [];
    list.push(row);
    bySession.set(row.session_id, list);
  }
  return startedSessions(db).map((row) =>
    reviewClass(
      row,
      layOutTimeline(row, bySession.get(row.id) ?? [], now),
      portraitParts(bySession.get(row.id) ?? [], now),
    ),
  );
}

function chaptersOf(db: Db, sessionId: number, toS: (at: number) => number): Chapter[] {
  return savedChapters(db, sessionId).map((c) => ({
    t: toS(c.at),
    title: c.title,
    source: 'saved',
  }));
}

export function reviewTimeline(db: Db, sessionId: number, now: number): ReviewTimeline {
  const row = startedSession(db, sessionId);
  if (!row) {
    throw new StudioError('NOT_FOUND', `no class ${String(sessionId)} that has started`);
  }
  const recordings = recordingsOfSession(db, sessionId);
  const layout = layOutTimeline(row, recordings, now);
  const { originAt, endAt } = layout;
  const toS = (at: number): number => toSeconds(originAt, at);
  const data = loadSessionData(db, sessionId, {
    attributionWindowDays: DEFAULT_ATTRIBUTION_WINDOW_DAYS,
    now,
  });
  // The metrics run over the timeline, not the class: buckets then start at t = 0 of the video.
  const windowed: SessionData = {
    ...data,
    session: { ...data.session, startedAt: originAt, endedAt: endAt },
  };
  const fine = computeSessionMetrics(windowed, { bucketMs: REVIEW_BUCKET_S * 1_000 });
  const minutes = computeSessionMetrics(windowed);

  const interactions: Record<string, number[]> = {};
  for (const kind of fine.timeline.kinds) {
    const series = fine.timeline.series[kind];
    if (series && series.some((n) => n > 0)) interactions[kind] = [...series];
  }

  const names = new Map(reviewQuestionNames(db, sessionId).map((q) => [q.id, q.name ?? '']));
  const questions = data.questions
    .filter((q) => !q.hidden)
    .map((q) => ({
      id: q.id,
      t: toS(q.askedAt),
      name: names.get(q.id) ?? '',
      text: q.text,
      status: q.status,
      upvotes: q.upvotes,
      pinnedT: q.pinnedAt === null ? null : toS(q.pinnedAt),
      answeredT: q.answeredAt === null ? null : toS(q.answeredAt),
    }))
    .sort((a, b) => a.t - b.t || a.id - b.id);

  const markers: TimelineMarker[] = [];
  for (const run of fine.polls) {
    markers.push({
      kind: run.kind,
      t: toS(run.openedAt),
      endT: toS(run.closedAt),
      label: run.question,
      numbers: {
        voters: run.voters,
        eligible: run.eligible,
        participationPercent: Math.round((run.participation ?? 0) * 100),
      },
    });
  }
  const funnel = new Map(fine.offers.offers.map((o) => [o.offerId, o]));
  for (const offer of data.offers) {
    const counts = funnel.get(offer.id);
    const end = offer.withdrawnAt ?? offer.endsAt;
    markers.push({
      kind: 'offer',
      t: toS(offer.pushedAt),
      endT: end === null ? null : toS(end),
      label: offer.title,
      numbers: {
        reached: counts?.reached ?? 0,
        clicks: offer.clicks.length,
        orders: counts?.orders ?? 0,
      },
    });
    for (const click of offer.clicks) {
      markers.push({
        kind: 'offer_click',
        t: toS(click.at),
        endT: null,
        label: offer.title,
        numbers: {},
      });
    }
  }
  for (const q of questions) {
    markers.push({
      kind: 'question',
      t: q.t,
      endT: null,
      label: q.text,
      numbers: { upvotes: q.upvotes },
    });
    if (q.pinnedT !== null) {
      markers.push({ kind: 'pin', t: q.pinnedT, endT: null, label: q.text, numbers: {} });
    }
  }
  for (const c of reviewCheckins(db, sessionId)) {
    markers.push({
      kind: 'checkin',
      t: toS(c.opened_at),
      endT: c.closed_at === null ? null : toS(c.closed_at),
      label: '',
      numbers: { checkedIn: c.records },
    });
  }
  for (const l of reviewLotteries(db, sessionId)) {
    markers.push({
      kind: 'lottery',
      t: toS(l.drawn_at),
      endT: null,
      label: l.title,
      numbers: { winners: l.winners, candidates: l.candidates },
    });
  }
  for (const a of reviewAnnouncements(db, sessionId)) {
    markers.push({ kind: 'announcement', t: toS(a.at), endT: null, label: a.text, numbers: {} });
  }
  const scenes = sceneChanges(db, sessionId).map((c) => ({ t: toS(c.at), scene: c.scene }));
  for (const c of scenes) {
    markers.push({ kind: 'scene', t: c.t, endT: null, label: c.scene, numbers: {} });
  }
  markers.sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind));

  const moments = findMoments(fine, minutes, toS);
  const saved = chaptersOf(db, sessionId, toS);
  const cls = reviewClass(row, layout, portraitParts(recordings, now));
  const chapters =
    saved.length > 0
      ? saved
      : suggestChapters(
          {
            polls: fine.polls.map((p) => ({ t: toS(p.openedAt), kind: p.kind, title: p.question })),
            offers: data.offers.map((o) => ({ t: toS(o.pushedAt), title: o.title })),
            moments,
            scenes,
          },
          cls.durationS,
        );

  return {
    class: cls,
    originAt,
    gaps: layout.gaps.map((g) => ({ fromS: g.fromMs / 1_000, toS: g.toMs / 1_000 })),
    bucketS: REVIEW_BUCKET_S,
    viewers: fine.audience.buckets.map((b) => b.present),
    averageViewers: fine.audience.buckets.map((b) => Math.round(b.averageConcurrency * 100) / 100),
    interactions,
    chat: reviewChat(db, sessionId).map((m) => ({
      id: m.id,
      t: toS(m.at),
      name: m.name ?? '',
      fromHost: m.from_host === 1,
      text: m.text,
    })),
    questions,
    markers,
    moments,
    chapters,
    chaptersSaved: saved.length > 0,
    notes: reviewNotes(db, sessionId).map((n) => ({ id: n.id, t: toS(n.at), text: n.text })),
  };
}

/** The epoch ms of a timeline position of this class (chapters and notes are stored by it). */
export function timelineOrigin(db: Db, sessionId: number, now: number): number {
  const row = startedSession(db, sessionId);
  if (!row) {
    throw new StudioError('NOT_FOUND', `no class ${String(sessionId)} that has started`);
  }
  return layOutTimeline(row, recordingsOfSession(db, sessionId), now).originAt;
}

export { chaptersOf };
