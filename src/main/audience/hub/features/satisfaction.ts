import type { SingleServerFrame } from '../../../../shared/contract/audience-protocol';
import type { LiveSurvey } from '../../../../shared/contract/satisfaction-api';
import type {
  SurveyAnswerPublic,
  SurveyPublic,
} from '../../../../shared/contract/satisfaction-protocol';
import type { SessionId } from '../../../../shared/model/ids';
import { StudioError } from '../../../../shared/contract';
import {
  answersOfSurvey,
  closeSurvey,
  getSurvey,
  openSurvey,
  surveysOfSession,
  upsertSurveyAnswer,
  type SurveyRow,
} from '../../../storage/queries/live/satisfaction';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { Refusal, publicNumber } from '../state';

interface CurrentSurvey {
  row: SurveyRow;
  answers: Map<number, SurveyAnswerPublic>;
}

/**
 * The end-of-class satisfaction survey: the host opens one (one open at a time) and closes it;
 * each viewer answers once and may change the answer until it closes. Ratings out of range and
 * oversize comments never get here (the frame's schema refuses them as a bad frame); an answer to
 * a survey that is not the current one, or that is closed, is refused.
 */
export class Satisfaction implements Feature<'survey'> {
  readonly #ctx: HubContext;
  #survey: CurrentSurvey | null = null;
  /** The studio hears about answers on the next tick (coalesced). */
  #dirty = false;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    const last = surveysOfSession(ctx.db, ctx.sessionId).at(-1);
    if (last) this.#load(last);
  }

  #load(row: SurveyRow): void {
    const answers = new Map<number, SurveyAnswerPublic>();
    for (const a of answersOfSurvey(this.#ctx.db, row.id)) {
      answers.set(a.learner_id, {
        classRating: a.class_rating,
        teacherRating: a.teacher_rating,
        contentRating: a.content_rating,
        recommend: a.recommend,
        comment: a.comment,
      });
    }
    this.#survey = { row, answers };
  }

  /** What one viewer sees of the survey (with their own answer), or null when none was opened. */
  publicFor(learnerId: number): SurveyPublic | null {
    const survey = this.#survey;
    if (!survey) return null;
    return {
      id: `s${String(survey.row.id)}`,
      state: survey.row.closed_at === null ? 'open' : 'closed',
      mine: survey.answers.get(learnerId) ?? null,
    };
  }

  /** A viewer's welcome, with the survey in its snapshot once one was opened. */
  withSurvey(learnerId: number, welcome: SingleServerFrame): SingleServerFrame {
    const survey = this.publicFor(learnerId);
    if (!survey || welcome.type !== 'welcome') return welcome;
    return { ...welcome, state: { ...welcome.state, survey } };
  }

  readonly actions: { survey: ActionHandler<'survey'> } = {
    survey: (viewer, frame, now) => {
      const survey = this.#survey;
      if (!survey || survey.row.id !== publicNumber(frame.surveyId, 's'))
        throw new Refusal('NOT_FOUND', 'no such survey');
      if (survey.row.closed_at !== null) throw new Refusal('CLOSED', 'the survey is closed');
      const answer: SurveyAnswerPublic = {
        classRating: frame.classRating,
        teacherRating: frame.teacherRating,
        contentRating: frame.contentRating,
        recommend: frame.recommend,
        comment: frame.comment ?? null,
      };
      const again = survey.answers.has(viewer.learnerId);
      actionEvent(
        this.#ctx,
        viewer,
        frame,
        'survey_answer',
        { surveyId: survey.row.id, ...answer, again },
        now,
      );
      upsertSurveyAnswer(this.#ctx.db, {
        surveyId: survey.row.id,
        learnerId: viewer.learnerId,
        ...answer,
        at: now,
      });
      return () => {
        survey.answers.set(viewer.learnerId, answer);
        this.#dirty = true;
        if (viewer.conn)
          this.#ctx.out.enqueue(
            viewer.conn,
            JSON.stringify({ type: 'survey', survey: this.publicFor(viewer.learnerId) }),
          );
      };
    },
  };

  tick(): void {
    if (!this.#dirty || !this.#survey) return;
    this.#dirty = false;
    this.#ctx.emit('survey.changed', this.#view(this.#survey));
  }

  openSurvey(): LiveSurvey {
    const { db, sessionId } = this.#ctx;
    const now = this.#ctx.clock();
    const id = db.transaction(() => {
      const current = this.#survey;
      if (current && current.row.closed_at === null) closeSurvey(db, current.row.id, now);
      return openSurvey(db, { sessionId, at: now });
    })();
    return this.#changed(id);
  }

  /** The class already had its survey, closed (the survey at End does not ask again). */
  get closedAlready(): boolean {
    return this.#survey !== null && this.#survey.row.closed_at !== null;
  }

  /** The class ended with the survey at End: the survey still open stays open, or one opens. */
  openAtEnd(): LiveSurvey {
    const current = this.#survey;
    return current && current.row.closed_at === null ? this.#view(current) : this.openSurvey();
  }

  /** Closes the current survey if it is still open (the ended class's room is closing). */
  closeOpen(): void {
    const current = this.#survey;
    if (current && current.row.closed_at === null) this.closeSurvey(current.row.id);
  }

  closeSurvey(surveyId: number): LiveSurvey {
    const { db, sessionId } = this.#ctx;
    const row = getSurvey(db, surveyId);
    if (!row || row.session_id !== sessionId) throw new StudioError('NOT_FOUND', 'no such survey');
    closeSurvey(db, surveyId, this.#ctx.clock());
    return this.#changed(surveyId);
  }

  #changed(surveyId: number): LiveSurvey {
    const { db, sessionId } = this.#ctx;
    const row = getSurvey(db, surveyId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such survey');
    const latest = surveysOfSession(db, sessionId).at(-1);
    if (latest?.id === surveyId) {
      this.#load(row);
      this.#ctx.out.broadcastEach((viewer) => ({
        type: 'survey',
        survey: this.publicFor(viewer.learnerId),
      }));
    }
    const view = toLiveSurvey(row, answersOfSurvey(db, surveyId).length);
    this.#ctx.emit('survey.changed', view);
    return view;
  }

  #view(survey: CurrentSurvey): LiveSurvey {
    return toLiveSurvey(survey.row, survey.answers.size);
  }
}

export function toLiveSurvey(row: SurveyRow, answers: number): LiveSurvey {
  return {
    id: row.id,
    sessionId: row.session_id as SessionId,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    answers,
  };
}
