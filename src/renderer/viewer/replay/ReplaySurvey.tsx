import { useState } from 'react';
import { deviceToken, type ActionInput } from '../audience-client';
import { useTranslation } from '../i18n';
import { SurveyCard } from '../components/SurveyCard';

// The class's satisfaction survey, offered once the learner reached the end of the replay: the
// live survey's card, sent to POST /j/<code>/replay/survey. One answer per learner: the server
// refuses a second one (or one given in the class), and the page remembers that it was sent.

type Outcome =
  { kind: 'ask' | 'sending' | 'done' | 'already' } | { kind: 'failed'; message: string };

const sentKey = (code: string): string => `encore.replay.survey.${code}`;

function errorOf(body: unknown): { code: string; message: string } {
  const error =
    typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return { code: String(error.code), message: String(error.message) };
  }
  return { code: 'UNKNOWN', message: 'no answer from the studio' };
}

export function ReplaySurvey({ code, surveyId }: { code: string; surveyId: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome>(() => ({
    kind: localStorage.getItem(sentKey(code)) === surveyId ? 'done' : 'ask',
  }));

  const send = (action: ActionInput): void => {
    if (action.type !== 'survey' || outcome.kind === 'sending') return;
    const { type: _type, ...answer } = action;
    setOutcome({ kind: 'sending' });
    const body = JSON.stringify({ deviceToken: deviceToken(), ...answer });
    fetch(`/j/${code}/replay/survey`, { method: 'POST', body }).then(
      async (res) => {
        if (res.ok) {
          localStorage.setItem(sentKey(code), surveyId);
          setOutcome({ kind: 'done' });
          return;
        }
        const error = errorOf(await res.json().catch(() => null));
        if (error.code === 'ALREADY_ANSWERED') {
          localStorage.setItem(sentKey(code), surveyId);
          setOutcome({ kind: 'already' });
        } else setOutcome({ kind: 'failed', message: error.message });
      },
      (error: unknown) =>
        setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : '' }),
    );
  };

  if (outcome.kind === 'done' || outcome.kind === 'already') {
    return (
      <section className="card survey" data-testid="replay-survey" data-state={outcome.kind}>
        <div className="eyebrow">{t('survey.label')}</div>
        <p>{outcome.kind === 'done' ? t('survey.replayThanks') : t('survey.replayAlready')}</p>
      </section>
    );
  }
  return (
    <div className="replay-survey" data-testid="replay-survey" data-state={outcome.kind}>
      <p className="muted">{t('survey.replayIntro')}</p>
      <SurveyCard survey={{ id: surveyId, state: 'open', mine: null }} send={send} />
      {outcome.kind === 'failed' ? (
        <p className="banner warning" role="alert" data-testid="replay-survey-failed">
          {t('survey.replayFailed', { message: outcome.message })}
        </p>
      ) : null}
    </div>
  );
}
