import type { Db } from '../../connection';
import { stmt } from './statements';

export interface PollRow {
  id: number;
  course_id: number | null;
  kind: 'poll' | 'quiz';
  question: string;
  options: string;
  multiple: number;
  correct: string | null;
  runs: number;
}

const POLL_SQL = `SELECT p.id, p.course_id, p.kind, p.question, p.options, p.multiple, p.correct,
    (SELECT count(*) FROM poll_runs r WHERE r.poll_id = p.id) AS runs FROM polls p`;

export function insertPoll(
  db: Db,
  args: {
    courseId: number | null;
    kind: 'poll' | 'quiz';
    question: string;
    options: string[];
    multiple: boolean;
    correct: number[] | null;
    now: number;
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO polls (course_id, kind, question, options, multiple, correct, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      args.courseId,
      args.kind,
      args.question,
      JSON.stringify(args.options),
      args.multiple ? 1 : 0,
      args.correct ? JSON.stringify(args.correct) : null,
      args.now,
    ).lastInsertRowid,
  );
}

export function getPoll(db: Db, pollId: number): PollRow | undefined {
  return stmt(db, `${POLL_SQL} WHERE p.id = ?`).get(pollId) as PollRow | undefined;
}

/** The library: one course's polls, or every poll when no course is given. */
export function listPolls(db: Db, courseId: number | null): PollRow[] {
  return stmt(db, `${POLL_SQL} WHERE (? IS NULL OR p.course_id = ?) ORDER BY p.id`).all(
    courseId,
    courseId,
  ) as PollRow[];
}

export interface RunRow {
  id: number;
  poll_id: number;
  session_id: number;
  opened_at: number;
  closed_at: number | null;
  revealed_at: number | null;
  kind: 'poll' | 'quiz';
  question: string;
  options: string;
  multiple: number;
  correct: string | null;
}

const RUN_SQL = `SELECT r.id, r.poll_id, r.session_id, r.opened_at, r.closed_at, r.revealed_at,
    p.kind, p.question, p.options, p.multiple, p.correct
  FROM poll_runs r JOIN polls p ON p.id = r.poll_id`;

export function openRun(db: Db, args: { pollId: number; sessionId: number; at: number }): number {
  return Number(
    stmt(db, 'INSERT INTO poll_runs (poll_id, session_id, opened_at) VALUES (?, ?, ?)').run(
      args.pollId,
      args.sessionId,
      args.at,
    ).lastInsertRowid,
  );
}

export function getRun(db: Db, runId: number): RunRow | undefined {
  return stmt(db, `${RUN_SQL} WHERE r.id = ?`).get(runId) as RunRow | undefined;
}

export function runsOfSession(db: Db, sessionId: number): RunRow[] {
  return stmt(db, `${RUN_SQL} WHERE r.session_id = ? ORDER BY r.opened_at, r.id`).all(
    sessionId,
  ) as RunRow[];
}

export function closeRun(db: Db, runId: number, at: number): void {
  stmt(db, 'UPDATE poll_runs SET closed_at = coalesce(closed_at, ?) WHERE id = ?').run(at, runId);
}

export function revealRun(db: Db, runId: number, at: number): void {
  stmt(
    db,
    `UPDATE poll_runs SET closed_at = coalesce(closed_at, ?), revealed_at = coalesce(revealed_at, ?)
     WHERE id = ?`,
  ).run(at, at, runId);
}

/** One vote per learner and run; voting again while the run is open replaces the choice. */
export function upsertVote(
  db: Db,
  args: { runId: number; learnerId: number; choices: number[]; at: number },
): void {
  stmt(
    db,
    `INSERT INTO poll_votes (run_id, learner_id, choices, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id, learner_id) DO UPDATE SET choices = excluded.choices, at = excluded.at`,
  ).run(args.runId, args.learnerId, JSON.stringify(args.choices), args.at);
}

export function votesOfRun(db: Db, runId: number): { learner_id: number; choices: string }[] {
  return stmt(db, 'SELECT learner_id, choices FROM poll_votes WHERE run_id = ?').all(runId) as {
    learner_id: number;
    choices: string;
  }[];
}

/** Learners who voted in a run, for lottery eligibility. */
export function votersOfRun(db: Db, runId: number): number[] {
  return (
    stmt(db, 'SELECT learner_id FROM poll_votes WHERE run_id = ? ORDER BY learner_id').all(
      runId,
    ) as { learner_id: number }[]
  ).map((r) => r.learner_id);
}

/** Per learner, over the session's revealed quiz runs: answered, and answered exactly right. */
export function quizScores(
  db: Db,
  sessionId: number,
): Map<number, { correct: number; answered: number }> {
  const rows = stmt(
    db,
    `SELECT v.learner_id, count(*) AS answered,
       sum((SELECT json_group_array(value) FROM (SELECT value FROM json_each(v.choices) ORDER BY value))
           = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(p.correct) ORDER BY value))) AS correct
     FROM poll_votes v JOIN poll_runs r ON r.id = v.run_id JOIN polls p ON p.id = r.poll_id
     WHERE r.session_id = ? AND p.kind = 'quiz' AND r.revealed_at IS NOT NULL
     GROUP BY v.learner_id`,
  ).all(sessionId) as { learner_id: number; answered: number; correct: number }[];
  return new Map(rows.map((r) => [r.learner_id, { correct: r.correct, answered: r.answered }]));
}
