import {
  coBought,
  type Matrix,
  ownedCount,
  ownedOf,
  ownsCourse,
  rankKey,
  topIndices,
} from './matrix';

// The classic baselines the recommender is evaluated against.

// ---------------------------------------------------------------------------------------------
// Baselines, as the literature states them (binary learner × course matrix, cosine similarity).
// tests/python/recommend_baselines.py computes the same with numpy, independently.

/** Scores of every course for one learner; NaN for courses not to rank. */
type Scorer = (u: number) => Float64Array;

/** Top k of the learner's non-owned courses by score, then buyers, then course order. */
export function rankCourses(m: Matrix, u: number, scores: Float64Array, k: number): number[] {
  const candidates: number[] = [];
  for (let c = 0; c < m.courses.length; c++) {
    if ((m.buyers[c] ?? 0) > 0 && !ownsCourse(m, u, c)) candidates.push(c);
  }
  candidates.sort(
    (p, q) =>
      rankKey(scores[q] ?? 0) - rankKey(scores[p] ?? 0) ||
      (m.buyers[q] ?? 0) - (m.buyers[p] ?? 0) ||
      p - q,
  );
  return candidates.slice(0, k);
}

/** Item-kNN: score = Σ over owned i of cosine(i, j), j among i's `keep` most similar. */
export function itemKnnScorer(m: Matrix, keep: number): Scorer {
  const n = m.courses.length;
  const lists: { to: Int32Array; sim: Float64Array }[] = new Array<{
    to: Int32Array;
    sim: Float64Array;
  }>(n);
  coBought(m, (i, js, together) => {
    const cosine = Float64Array.from(
      js,
      (j, t) => (together[t] ?? 0) / Math.sqrt((m.buyers[i] ?? 1) * (m.buyers[j] ?? 1)),
    );
    const top = topIndices(cosine, keep);
    lists[i] = {
      to: Int32Array.from(top, (t) => js[t] ?? 0),
      sim: Float64Array.from(top, (t) => cosine[t] ?? 0),
    };
  });
  return (u) => {
    const scores = new Float64Array(n);
    for (const i of ownedOf(m, u)) {
      const l = lists[i];
      if (!l) continue;
      for (let t = 0; t < l.to.length; t++) {
        const j = l.to[t] ?? 0;
        scores[j] = (scores[j] ?? 0) + (l.sim[t] ?? 0);
      }
    }
    return scores;
  };
}

/** User-kNN: the `keep` learners of highest cosine; score = Σ their similarity over owners. */
export function userKnnScorer(m: Matrix, keep: number): Scorer {
  const n = m.learnerIds.length;
  const overlap = new Int32Array(n);
  const touched: number[] = [];
  return (u) => {
    const mine = ownedOf(m, u);
    for (const c of mine) {
      for (const v of m.buyerLists[c] ?? []) {
        if (v === u) continue;
        if (overlap[v] === 0) touched.push(v);
        overlap[v] = (overlap[v] ?? 0) + 1;
      }
    }
    const others = touched.sort((p, q) => p - q);
    const sims = Float64Array.from(
      others,
      (v) => (overlap[v] ?? 0) / Math.sqrt(mine.length * ownedCount(m, v)),
    );
    for (const v of others) overlap[v] = 0;
    const scores = new Float64Array(m.courses.length);
    for (const t of topIndices(sims, keep)) {
      const v = others[t] ?? 0;
      for (const c of ownedOf(m, v)) scores[c] = (scores[c] ?? 0) + (sims[t] ?? 0);
    }
    touched.length = 0;
    return scores;
  };
}
