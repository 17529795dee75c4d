import { useState } from 'react';
import { useTranslation } from '../i18n';
import { SURVEY_COMMENT_MAX_CHARS } from '../../../shared/contract/audience-constants';
import type { SurveyPublic } from '../../../shared/contract/satisfaction-protocol';
import type { ActionInput } from '../audience-client';
import './survey.css';

type Ratings = { classRating: number; teacherRating: number; contentRating: number };
const ASPECTS = [
  ['classRating', 'class'],
  ['teacherRating', 'teacher'],
  ['contentRating', 'content'],
] as const;

/**
 * The end-of-class survey: three 1–5 ratings, "how likely to recommend" (0–10) and an optional
 * comment. The answer can be sent again (changed) until the host closes the survey.
 */
export function SurveyCard({
  survey,
  send,
}: {
  survey: SurveyPublic;
  send: (action: ActionInput) => void;
}) {
  const { t } = useTranslation();
  const mine = survey.mine;
  const [ratings, setRatings] = useState<Partial<Ratings>>(mine ?? {});
  const [recommend, setRecommend] = useState<number | null>(mine?.recommend ?? null);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const open = survey.state === 'open';

  if (!open) {
    return (
      <section className="card survey" data-testid="survey-card" data-state="closed">
        <div className="eyebrow">{t('survey.label')}</div>
        <p>{mine ? t('survey.closed') : t('survey.closedNoAnswer')}</p>
      </section>
    );
  }
  const complete =
    ratings.classRating !== undefined &&
    ratings.teacherRating !== undefined &&
    ratings.contentRating !== undefined &&
    recommend !== null;
  const submit = (): void => {
    if (
      ratings.classRating === undefined ||
      ratings.teacherRating === undefined ||
      ratings.contentRating === undefined ||
      recommend === null
    )
      return;
    const text = comment.trim();
    send({
      type: 'survey',
      surveyId: survey.id,
      classRating: ratings.classRating,
      teacherRating: ratings.teacherRating,
      contentRating: ratings.contentRating,
      recommend,
      comment: text.length > 0 ? text : null,
    });
  };
  return (
    <section className="card survey" data-testid="survey-card" data-state="open">
      <div className="eyebrow">{t('survey.label')}</div>
      <p className="muted">{t('survey.intro')}</p>
      {ASPECTS.map(([key, label]) => (
        <div className="survey-row" key={key} role="radiogroup" aria-label={t(`survey.${label}`)}>
          <span className="survey-aspect">{t(`survey.${label}`)}</span>
          <span className="stars">
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={ratings[key] === n}
                aria-label={t('survey.star', { n })}
                className={(ratings[key] ?? 0) >= n ? 'star on' : 'star'}
                data-testid={`survey-${label}-${String(n)}`}
                onClick={() => setRatings((r) => ({ ...r, [key]: n }))}
              >
                ★
              </button>
            ))}
          </span>
        </div>
      ))}
      <div className="survey-nps" role="radiogroup" aria-label={t('survey.recommend')}>
        <span className="survey-aspect">{t('survey.recommend')}</span>
        <span className="nps-scale">
          {Array.from({ length: 11 }, (_, n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={recommend === n}
              className={recommend === n ? 'nps on' : 'nps'}
              data-testid={`survey-recommend-${String(n)}`}
              onClick={() => setRecommend(n)}
            >
              {n}
            </button>
          ))}
        </span>
        <span className="nps-ends muted">
          <span>{t('survey.notLikely')}</span>
          <span>{t('survey.veryLikely')}</span>
        </span>
      </div>
      <label className="survey-comment">
        <span>{t('survey.comment')}</span>
        <textarea
          value={comment}
          maxLength={SURVEY_COMMENT_MAX_CHARS}
          rows={2}
          placeholder={t('survey.commentPlaceholder')}
          data-testid="survey-comment"
          onChange={(e) => setComment(e.target.value)}
        />
        <span className="muted small">
          {t('survey.left', { count: SURVEY_COMMENT_MAX_CHARS - comment.length })}
        </span>
      </label>
      {mine ? (
        <p className="survey-thanks" data-testid="survey-thanks">
          {t('survey.thanks')}
        </p>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={!complete}
        data-testid="survey-submit"
        onClick={submit}
      >
        {mine ? t('survey.update') : t('survey.submit')}
      </button>
    </section>
  );
}
