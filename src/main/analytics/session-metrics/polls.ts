// Poll and quiz results (with quiz scores per learner) and the question statistics.
import { meanOrNull, medianOrNull, ratio } from './common';
import type { SessionData, SessionQuestion } from './input';
import { type Presence, presentDuring } from './presence';
import type {
  LearnerQuizScore,
  PollRunResult,
  QuestionStats,
  QuestionSummary,
  QuizAnswer,
} from './results';

export function pollResults(
  data: SessionData,
  presence: Presence,
): { polls: PollRunResult[]; quizScores: LearnerQuizScore[] } {
  const viewers = presence.learnerIds.length;
  const quizTotals = new Map<number, { answered: number; correct: number; score: number }>();
  const runs = data.pollRuns
    .map((run, i) => ({ run, i }))
    .sort((p, q) => p.run.openedAt - q.run.openedAt || p.i - q.i)
    .map(({ run }) => run);
  const polls = runs.map((run): PollRunResult => {
    const closedAt = run.closedAt ?? data.session.endedAt;
    const voterIds = new Set<number>();
    const optionVotes = new Array<number>(run.options.length).fill(0);
    let ignoredChoices = 0;
    const responses: number[] = [];
    const key = run.kind === 'quiz' && run.correct !== null ? new Set(run.correct) : null;
    const answers: QuizAnswer[] = [];
    const votes = [...run.votes].sort((p, q) => p.learnerId - q.learnerId || p.at - q.at);
    for (const vote of votes) {
      // One vote per learner per run (the table's key); a repeat in the input is ignored.
      if (voterIds.has(vote.learnerId)) continue;
      voterIds.add(vote.learnerId);
      responses.push(Math.max(0, vote.at - run.openedAt));
      const chosen = new Set<number>();
      for (const choice of vote.choices) {
        if (choice < run.options.length) chosen.add(choice);
        else ignoredChoices++;
      }
      for (const choice of chosen) optionVotes[choice] = (optionVotes[choice] ?? 0) + 1;
      if (key) {
        let hits = 0;
        for (const choice of chosen) if (key.has(choice)) hits++;
        const wrong = chosen.size - hits;
        const correct = hits === key.size && wrong === 0;
        const score = correct ? 1 : Math.max(0, (hits - wrong) / key.size);
        answers.push({ learnerId: vote.learnerId, correct, score });
        const totals = quizTotals.get(vote.learnerId) ?? { answered: 0, correct: 0, score: 0 };
        totals.answered++;
        if (correct) totals.correct++;
        totals.score += score;
        quizTotals.set(vote.learnerId, totals);
      }
    }
    let eligible = voterIds.size;
    for (let v = 0; v < viewers; v++) {
      const learnerId = presence.learnerIds[v] ?? 0;
      if (!voterIds.has(learnerId) && presentDuring(presence, v, run.openedAt, closedAt))
        eligible++;
    }
    const voters = voterIds.size;
    const correctVoters = answers.filter((a) => a.correct).length;
    return {
      runId: run.id,
      pollId: run.pollId,
      kind: run.kind,
      question: run.question,
      openedAt: run.openedAt,
      closedAt,
      revealedAt: run.revealedAt,
      eligible,
      voters,
      participation: ratio(voters, eligible),
      medianResponseMs: medianOrNull(responses),
      options: run.options.map((text, index) => ({
        index,
        text,
        votes: optionVotes[index] ?? 0,
        share: ratio(optionVotes[index] ?? 0, voters),
        correct: key ? key.has(index) : null,
      })),
      ignoredChoices,
      quiz: key
        ? {
            correctOptions: [...key].sort((p, q) => p - q),
            correctVoters,
            correctShare: ratio(correctVoters, voters),
            averageScore: meanOrNull(answers.map((a) => a.score)),
            answers,
          }
        : null,
    };
  });
  const quizScores = [...quizTotals]
    .map(([learnerId, totals]) => ({ learnerId, ...totals }))
    .sort((p, q) => q.score - p.score || q.correct - p.correct || p.learnerId - q.learnerId);
  return { polls, quizScores };
}

export function questionStats(questions: readonly SessionQuestion[], top: number): QuestionStats {
  const summary = (q: SessionQuestion): QuestionSummary => ({
    id: q.id,
    learnerId: q.learnerId,
    text: q.text,
    askedAt: q.askedAt,
    status: q.status,
    upvotes: q.upvotes,
    answeredAt: q.answeredAt,
    pinnedAt: q.pinnedAt,
  });
  const byVotes = (p: SessionQuestion, q: SessionQuestion): number =>
    q.upvotes - p.upvotes || p.askedAt - q.askedAt || p.id - q.id;
  const visible = questions.filter((q) => !q.hidden);
  const answered = questions.filter((q) => q.status === 'answered');
  return {
    asked: questions.length,
    answered: answered.length,
    dismissed: questions.filter((q) => q.status === 'dismissed').length,
    open: questions.filter((q) => q.status === 'open').length,
    pinned: questions.filter((q) => q.pinnedAt !== null).length,
    hidden: questions.length - visible.length,
    answeredShare: ratio(answered.length, questions.length),
    medianTimeToAnswerMs: medianOrNull(
      answered.flatMap((q) =>
        q.answeredAt === null ? [] : [Math.max(0, q.answeredAt - q.askedAt)],
      ),
    ),
    topUpvoted: visible
      .filter((q) => q.upvotes > 0)
      .sort(byVotes)
      .slice(0, top)
      .map(summary),
    unanswered: visible
      .filter((q) => q.status === 'open')
      .sort(byVotes)
      .map(summary),
  };
}
