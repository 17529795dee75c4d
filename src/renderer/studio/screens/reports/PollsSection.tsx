import { useTranslation } from 'react-i18next';
import type { SessionReport } from '../../../../shared/contract/analytics-api';
import { formatNumber } from '../../../common/format';
import { DownloadCsv, TableHead } from './DownloadCsv';
import { ReportSection } from './ReportSection';
import { pollResultsCsv, unansweredCsv } from './report-csv';
import { formatDuration, formatShare } from './report-format';

type PollRun = SessionReport['polls'][number];

function PollRunCard({ run }: { run: PollRun }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const none = t('report.none');
  const top = Math.max(1, ...run.options.map((o) => o.votes));
  return (
    <li className="poll-result" data-testid="poll-run">
      <div className="poll-result-head">
        <span className={`kind-tag ${run.kind}`}>{t(`report.polls.${run.kind}`)}</span>
        <strong>{run.question}</strong>
      </div>
      <p className="muted">
        {t('report.polls.participation', {
          voters: formatNumber(run.voters, locale),
          eligible: formatNumber(run.eligible, locale),
          share: formatShare(run.participation, locale) ?? none,
        })}
        {run.medianResponseMs !== null
          ? `${t('report.clauseSep')}${t('report.polls.medianResponse', {
              time: formatDuration(run.medianResponseMs, locale),
            })}`
          : ''}
        {run.quiz !== null
          ? `${t('report.clauseSep')}${t('report.polls.quizResult', {
              share: formatShare(run.quiz.correctShare, locale) ?? none,
            })}`
          : ''}
      </p>
      <ul className="option-bars">
        {run.options.map((option) => (
          <li key={option.index} className={option.correct === true ? 'correct' : undefined}>
            <span className="option-text">
              {option.correct === true ? (
                <>
                  <span aria-hidden="true">✓ </span>
                  {option.text}{' '}
                  <span className="visually-hidden">({t('report.polls.correct')})</span>
                </>
              ) : (
                option.text
              )}
            </span>
            <span className="option-track" aria-hidden="true">
              <span
                className="option-bar"
                style={{ width: `${Math.max(0.5, (option.votes / top) * 100)}%` }}
              />
            </span>
            <span className="option-value">
              {t('report.polls.votes', {
                votes: formatNumber(option.votes, locale),
                share: formatShare(option.share, locale) ?? none,
              })}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

const QUESTION_STAT_LABEL = {
  asked: 'report.polls.asked',
  answered: 'report.polls.answered',
  dismissed: 'report.polls.dismissed',
  open: 'report.polls.open',
  answeredShare: 'report.polls.answeredShare',
  timeToAnswer: 'report.polls.timeToAnswer',
} as const;

export function PollsSection({ report }: { report: SessionReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { questions } = report;
  const none = t('report.none');
  const stats: { id: keyof typeof QUESTION_STAT_LABEL; value: string }[] = [
    { id: 'asked', value: formatNumber(questions.asked, locale) },
    { id: 'answered', value: formatNumber(questions.answered, locale) },
    { id: 'dismissed', value: formatNumber(questions.dismissed, locale) },
    { id: 'open', value: formatNumber(questions.open, locale) },
    { id: 'answeredShare', value: formatShare(questions.answeredShare, locale) ?? none },
    { id: 'timeToAnswer', value: formatDuration(questions.medianTimeToAnswerMs, locale) ?? none },
  ];
  return (
    <ReportSection
      id="polls"
      definitions={[
        t('report.polls.defs.participation'),
        t('report.polls.defs.share'),
        t('report.polls.defs.correct'),
        t('report.polls.defs.questions'),
      ]}
    >
      <TableHead title={t('report.polls.runs')}>
        {report.polls.length > 0 ? (
          <DownloadCsv
            session={report.session}
            table="poll-results"
            data={pollResultsCsv(report)}
          />
        ) : null}
      </TableHead>
      {report.polls.length === 0 ? (
        <p className="muted">{t('report.polls.noRuns')}</p>
      ) : (
        <ol className="poll-results" data-testid="poll-runs">
          {report.polls.map((run) => (
            <PollRunCard key={run.runId} run={run} />
          ))}
        </ol>
      )}

      <h3>{t('report.polls.questions')}</h3>
      {questions.asked === 0 ? (
        <p className="muted">{t('report.polls.noQuestions')}</p>
      ) : (
        <>
          <dl className="question-stats" data-testid="question-stats">
            {stats.map((stat) => (
              <div key={stat.id}>
                <dt>{t(QUESTION_STAT_LABEL[stat.id])}</dt>
                <dd>{stat.value}</dd>
              </div>
            ))}
          </dl>
          <div className="table-head">
            <h4>{t('report.polls.unanswered')}</h4>
            {questions.unanswered.length > 0 ? (
              <DownloadCsv
                session={report.session}
                table="unanswered-questions"
                data={unansweredCsv(report)}
              />
            ) : null}
          </div>
          {questions.unanswered.length === 0 ? (
            <p className="muted">{t('report.polls.noUnanswered')}</p>
          ) : (
            <ol className="unanswered" data-testid="unanswered-questions">
              {questions.unanswered.map((question) => (
                <li key={question.id}>
                  <span className="question-text">{question.text}</span>
                  <span className="muted question-votes">
                    {t('report.polls.upvotes', { count: question.upvotes })}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </ReportSection>
  );
}
