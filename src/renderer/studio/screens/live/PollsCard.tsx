import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollDefinition } from '../../../../shared/contract/live-api';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import type { CardProps } from './InteractionsColumn';

// The live panel's polls and quizzes: pick or write one, run it, close it, reveal the answer.

export function PollsCard({ state, act }: CardProps) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const courseId = state.session.courseId;
  const [version, setVersion] = useState(0);
  const library = useQuery<PollDefinition[]>(`polls:${String(courseId)}:${String(version)}`, () =>
    client.invoke('poll.list', courseId === null ? {} : { courseId }),
  );
  const [kind, setKind] = useState<'poll' | 'quiz'>('poll');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [correct, setCorrect] = useState('1');
  const [multiple, setMultiple] = useState(false);
  const create = (event: SubmitEvent): void => {
    event.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const correctIndexes = correct
      .split(/[ ,，]+/)
      .map((n) => Number(n) - 1)
      .filter((n) => Number.isInteger(n) && n >= 0);
    act(async () => {
      const poll = await client.invoke('poll.create', {
        ...(courseId !== null ? { courseId } : {}),
        kind,
        question: question.trim(),
        options: list,
        multiple,
        ...(kind === 'quiz' ? { correct: correctIndexes } : {}),
      });
      await client.invoke('poll.open', { sessionId, pollId: poll.id });
      setQuestion('');
      setOptions('');
      setVersion((v) => v + 1);
    });
  };
  const runs = [...state.polls].sort((a, b) => b.openedAt - a.openedAt);
  return (
    <section className="card" aria-label={t('live.polls')}>
      <h2>{t('live.polls')}</h2>
      {runs.slice(0, 3).map((run) => {
        const total = run.counts.reduce((a, b) => a + b, 0);
        return (
          <div key={run.runId} className="poll-run" data-testid="poll-run">
            <div className="strong">
              {run.kind === 'quiz' ? t('live.quiz') : t('live.poll')}: {run.question}
            </div>
            <ol className="bars">
              {run.options.map((option, i) => {
                const count = run.counts[i] ?? 0;
                const share = total > 0 ? (count / total) * 100 : 0;
                return (
                  <li key={option} className={run.correct?.includes(i) ? 'correct' : undefined}>
                    <span className="label">{option}</span>
                    <span className="bar" style={{ width: `${share.toFixed(0)}%` }} />
                    <span className="num">{count}</span>
                  </li>
                );
              })}
            </ol>
            <div className="row-actions">
              <span className="muted">
                {t('live.voters', { count: run.voters })} · {t(`live.run.${run.state}`)}
              </span>
              {run.state === 'open' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.close', { sessionId, runId: run.runId }))
                  }
                  data-testid="poll-close"
                >
                  {t('live.close')}
                </button>
              ) : null}
              {run.state === 'closed' && run.kind === 'quiz' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.reveal', { sessionId, runId: run.runId }))
                  }
                  data-testid="poll-reveal"
                >
                  {t('live.reveal')}
                </button>
              ) : null}
              {run.state !== 'open' ? (
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('poll.open', { sessionId, pollId: run.pollId }))
                  }
                >
                  {t('live.reopen')}
                </button>
              ) : null}
            </div>
          </div>
        );
      })}
      <details>
        <summary>{t('live.newPoll')}</summary>
        <form className="form" onSubmit={create}>
          <div className="row">
            <label className="toggle">
              <input type="radio" checked={kind === 'poll'} onChange={() => setKind('poll')} />{' '}
              {t('live.poll')}
            </label>
            <label className="toggle">
              <input
                type="radio"
                checked={kind === 'quiz'}
                onChange={() => setKind('quiz')}
                data-testid="poll-kind-quiz"
              />{' '}
              {t('live.quiz')}
            </label>
            <label className="toggle">
              <input
                type="checkbox"
                checked={multiple}
                onChange={(e) => setMultiple(e.target.checked)}
              />{' '}
              {t('live.multiple')}
            </label>
          </div>
          <input
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder={t('live.pollQuestion')}
            required
            data-testid="poll-question"
          />
          <textarea
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            placeholder={t('live.pollOptions')}
            rows={4}
            required
            data-testid="poll-options"
          />
          {kind === 'quiz' ? (
            <label>
              {t('live.correctOptions')}
              <input
                value={correct}
                onChange={(e) => setCorrect(e.target.value)}
                data-testid="poll-correct"
              />
            </label>
          ) : null}
          <button type="submit" className="primary" data-testid="poll-create">
            {t('live.createAndOpen')}
          </button>
        </form>
      </details>
      {(library.data ?? []).length > 0 ? (
        <details>
          <summary>{t('live.pollLibrary', { count: library.data?.length ?? 0 })}</summary>
          <ul className="plain-list">
            {(library.data ?? []).map((p) => (
              <li key={p.id}>
                <span>
                  {p.kind === 'quiz' ? t('live.quiz') : t('live.poll')}: {p.question}
                </span>
                <button
                  type="button"
                  onClick={() => act(() => client.invoke('poll.open', { sessionId, pollId: p.id }))}
                >
                  {t('live.open')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
