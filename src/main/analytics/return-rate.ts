/**
 * Return rate across a course's classes, as the articles define it: of the learners in class n,
 * how many came to class n + 1, and how many came to any later class of the course. Per class
 * (oldest first, which is the course over time) and pooled over the course: the pooled rates
 * add up the counts of every class that has a next one (a learner in three classes counts in
 * each pair), so a large class weighs more than a small one.
 *
 * A learner counts in a class when they attended it at all (any attendance row). The last class
 * has no next class: its rates are null, and it stays out of the pooled figures. Pure.
 */

export interface ClassAttendance {
  readonly sessionId: number;
  readonly startedAt: number;
  readonly learnerIds: readonly number[];
}

export interface ClassReturn {
  readonly sessionId: number;
  readonly startedAt: number;
  readonly learners: number;
  /** Of `learners`, those in the next class; null for the last class. */
  readonly cameNext: number | null;
  readonly nextRate: number | null;
  /** Of `learners`, those in any later class; null for the last class. */
  readonly cameLater: number | null;
  readonly laterRate: number | null;
}

export interface CourseReturn {
  readonly classes: readonly ClassReturn[];
  /** Learners summed over the classes that have a next class. */
  readonly learners: number;
  readonly cameNext: number;
  readonly cameLater: number;
  readonly nextRate: number | null;
  readonly laterRate: number | null;
}

function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** @throws TypeError for a malformed list */
export function courseReturnRate(classes: readonly ClassAttendance[]): CourseReturn {
  const list: unknown = classes;
  if (!Array.isArray(list)) throw new TypeError('classes must be an array');
  classes.forEach((c, i) => {
    if (
      typeof c !== 'object' ||
      (c as unknown) === null ||
      !Number.isFinite(c.startedAt) ||
      !Array.isArray(c.learnerIds)
    ) {
      throw new TypeError(`classes[${i}] must have startedAt and learnerIds`);
    }
  });
  const ordered = classes
    .map((c, i) => ({ c, i }))
    .sort((p, q) => p.c.startedAt - q.c.startedAt || p.i - q.i)
    .map(({ c }) => ({ ...c, set: new Set(c.learnerIds) }));
  // Learners seen in any class after index n, built from the end.
  const later: Set<number>[] = new Array<Set<number>>(ordered.length);
  let seen = new Set<number>();
  for (let n = ordered.length - 1; n >= 0; n--) {
    later[n] = seen;
    seen = new Set([...seen, ...(ordered[n]?.set ?? [])]);
  }
  let learners = 0;
  let cameNext = 0;
  let cameLater = 0;
  const rows = ordered.map((c, n): ClassReturn => {
    const next = ordered[n + 1];
    if (next === undefined) {
      return {
        sessionId: c.sessionId,
        startedAt: c.startedAt,
        learners: c.set.size,
        cameNext: null,
        nextRate: null,
        cameLater: null,
        laterRate: null,
      };
    }
    const after = later[n] ?? new Set<number>();
    let toNext = 0;
    let toLater = 0;
    for (const id of c.set) {
      if (next.set.has(id)) toNext++;
      if (after.has(id)) toLater++;
    }
    learners += c.set.size;
    cameNext += toNext;
    cameLater += toLater;
    return {
      sessionId: c.sessionId,
      startedAt: c.startedAt,
      learners: c.set.size,
      cameNext: toNext,
      nextRate: rate(toNext, c.set.size),
      cameLater: toLater,
      laterRate: rate(toLater, c.set.size),
    };
  });
  return {
    classes: rows,
    learners,
    cameNext,
    cameLater,
    nextRate: rate(cameNext, learners),
    laterRate: rate(cameLater, learners),
  };
}
