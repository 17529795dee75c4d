import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState, LotteryRule } from '../../../../shared/contract/live-api';
import { useStudio } from '../../api/studio-context';
import type { Act } from './LivePanel';

type Props = { state: LiveState; act: Act; now: number };

/** The Live screen's lucky draw: a rule (who may win), the number of winners, the last result. */
export function LotteryCard({ state, act }: Props) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const [title, setTitle] = useState('');
  const [ruleKind, setRuleKind] = useState<LotteryRule['kind']>('attended');
  const [runId, setRunId] = useState('');
  const [minutes, setMinutes] = useState('10');
  const [top, setTop] = useState('3');
  const [winners, setWinners] = useState('1');
  const rule = (): LotteryRule | null => {
    switch (ruleKind) {
      case 'attended':
        return { kind: 'attended' };
      case 'checkedIn':
        return { kind: 'checkedIn' };
      case 'askedQuestion':
        return { kind: 'askedQuestion' };
      case 'votedInRun':
        return runId ? { kind: 'votedInRun', runId: Number(runId) } : null;
      case 'watchedMinutes':
        return { kind: 'watchedMinutes', minutes: Math.max(1, Math.round(Number(minutes))) };
      case 'topPoints':
        return { kind: 'topPoints', top: Math.max(1, Math.round(Number(top))) };
      case 'pointsTickets':
        return { kind: 'pointsTickets' };
    }
  };
  const draw = (event: SubmitEvent): void => {
    event.preventDefault();
    const chosen = rule();
    if (!chosen) return;
    act(() =>
      client.invoke('lottery.draw', {
        sessionId,
        title: title.trim() || t('live.defaultPrize'),
        rule: chosen,
        winners: Math.max(1, Number(winners)),
      }),
    );
  };
  const last = state.lotteries.at(-1);
  return (
    <section className="card" aria-label={t('live.lottery')}>
      <h2>{t('live.lottery')}</h2>
      {last ? (
        <div className="lottery-result" data-testid="lottery-result">
          <div className="strong">{last.title}</div>
          <div>
            {last.winners
              .map((w) => (w.learnerId === null ? t('live.deletedWinner') : w.name))
              .join(', ') || t('live.noWinners')}
          </div>
          <div className="muted">
            {t('live.lotteryAudit', { candidates: last.candidates.length, seed: last.seed })}
          </div>
        </div>
      ) : null}
      <form className="form" onSubmit={draw}>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('live.prize')}
          aria-label={t('live.prize')}
        />
        <select
          value={ruleKind}
          onChange={(e) => setRuleKind(e.target.value as LotteryRule['kind'])}
          data-testid="lottery-rule"
        >
          <option value="attended">{t('live.rule.attended')}</option>
          <option value="checkedIn">{t('live.rule.checkedIn')}</option>
          <option value="votedInRun">{t('live.rule.votedInRun')}</option>
          <option value="askedQuestion">{t('live.rule.askedQuestion')}</option>
          <option value="watchedMinutes">{t('live.rule.watchedMinutes')}</option>
          <option value="topPoints">{t('points.rule.topPoints')}</option>
          <option value="pointsTickets">{t('points.rule.pointsTickets')}</option>
        </select>
        {ruleKind === 'votedInRun' ? (
          <select
            value={runId}
            onChange={(e) => setRunId(e.target.value)}
            required
            data-testid="lottery-run"
          >
            <option value="">{t('live.choosePoll')}</option>
            {state.polls.map((p) => (
              <option key={p.runId} value={p.runId}>
                {p.question}
              </option>
            ))}
          </select>
        ) : null}
        {ruleKind === 'watchedMinutes' ? (
          <input
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            inputMode="numeric"
            aria-label={t('live.rule.watchedMinutes')}
          />
        ) : null}
        {ruleKind === 'topPoints' ? (
          <input
            value={top}
            onChange={(e) => setTop(e.target.value)}
            inputMode="numeric"
            aria-label={t('points.rule.topPoints')}
            data-testid="lottery-top"
          />
        ) : null}
        <div className="row">
          <label>
            {t('live.winners')}
            <input
              value={winners}
              onChange={(e) => setWinners(e.target.value)}
              inputMode="numeric"
            />
          </label>
          <button type="submit" className="primary" data-testid="lottery-draw">
            {t('live.draw')}
          </button>
        </div>
      </form>
    </section>
  );
}
