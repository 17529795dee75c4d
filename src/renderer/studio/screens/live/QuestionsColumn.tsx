import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../../shared/contract/live-api';
import { useStudio } from '../../api/studio-context';
import type { Act } from './LivePanel';

export function QuestionsColumn({ state, act }: { state: LiveState; act: Act }) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const [sort, setSort] = useState<'votes' | 'time'>('votes');
  const [showDone, setShowDone] = useState(false);
  const questions = state.questions
    .filter((q) => showDone || q.status === 'open')
    .sort(
      (a, b) =>
        Number(b.pinned) - Number(a.pinned) ||
        (sort === 'votes' ? b.upvotes - a.upvotes || a.at - b.at : b.at - a.at),
    );
  return (
    <section className="card column" aria-label={t('live.questions')}>
      <div className="column-head">
        <h2>{t('live.questions')}</h2>
        <select
          value={sort}
          onChange={(e) => setSort(e.target.value === 'time' ? 'time' : 'votes')}
          aria-label={t('live.sort')}
        >
          <option value="votes">{t('live.byVotes')}</option>
          <option value="time">{t('live.byTime')}</option>
        </select>
        <label className="toggle">
          <input
            type="checkbox"
            checked={showDone}
            onChange={(e) => setShowDone(e.target.checked)}
          />
          {t('live.showDone')}
        </label>
      </div>
      <ol className="live-questions" data-testid="live-questions">
        {questions.length === 0 ? <li className="muted">{t('live.noQuestions')}</li> : null}
        {questions.map((q) => (
          <li key={q.id} className={q.pinned ? 'pinned' : undefined}>
            <div className="votes">▲ {q.upvotes}</div>
            <div className="body">
              <div className="text">{q.text}</div>
              <div className="muted">
                {q.name}
                {q.status !== 'open' ? ` · ${t(`live.q.${q.status}`)}` : ''}
              </div>
              <div className="row-actions">
                {q.status === 'open' ? (
                  <button
                    type="button"
                    className="primary"
                    onClick={() =>
                      act(() => client.invoke('question.answer', { sessionId, questionId: q.id }))
                    }
                    data-testid="question-answer"
                  >
                    {t('live.answer')}
                  </button>
                ) : null}
                <button
                  type="button"
                  onClick={() =>
                    act(() =>
                      client.invoke(q.pinned ? 'question.unpin' : 'question.pin', {
                        sessionId,
                        questionId: q.id,
                      }),
                    )
                  }
                  data-testid="question-pin"
                >
                  {q.pinned ? t('live.unpin') : t('live.pin')}
                </button>
                {q.status === 'open' ? (
                  <button
                    type="button"
                    onClick={() =>
                      act(() => client.invoke('question.dismiss', { sessionId, questionId: q.id }))
                    }
                  >
                    {t('live.dismiss')}
                  </button>
                ) : null}
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
