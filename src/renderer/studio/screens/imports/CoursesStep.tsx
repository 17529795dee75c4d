import { useTranslation } from 'react-i18next';
import type { CourseMatch } from '../../../../shared/contract/import-wizard-api';
import type { CourseId } from '../../../../shared/model/ids';
import type { CourseChoice } from './import-wizard-types';

// The wizard's courses step: which course each title of the file is.

export function CoursesStep(props: {
  matches: readonly CourseMatch[];
  choices: Readonly<Record<string, CourseChoice>>;
  onChoice: (title: string, choice: CourseChoice) => void;
  newCurrency: string;
  onNewCurrency: (currency: string) => void;
}) {
  const { t } = useTranslation();
  const creating = Object.values(props.choices).includes('create');
  if (props.matches.length === 0) return <p className="muted">{t('importWizard.coursesNone')}</p>;
  return (
    <div data-testid="import-courses">
      <h4>{t('importWizard.coursesTitle')}</h4>
      <p className="muted">{t('importWizard.coursesHint')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('importWizard.courseTitle')}</th>
              <th scope="col">{t('importWizard.courseLink')}</th>
            </tr>
          </thead>
          <tbody>
            {props.matches.map((match) => (
              <tr key={match.title}>
                <th scope="row">{match.title}</th>
                <td>
                  {match.courseId !== null ? (
                    <span data-testid="course-linked">
                      ✓ {match.via === 'alias' ? t('importWizard.alias') : t('importWizard.exact')}
                    </span>
                  ) : (
                    <select
                      aria-label={match.title}
                      value={String(props.choices[match.title] ?? 'leave')}
                      onChange={(event) => {
                        const value = event.target.value;
                        props.onChoice(
                          match.title,
                          value === 'leave' || value === 'create'
                            ? value
                            : (Number(value) as CourseId),
                        );
                      }}
                      data-testid="course-choice"
                    >
                      <option value="leave">{t('importWizard.leave')}</option>
                      {match.candidates.map((candidate) => (
                        <option key={candidate.courseId} value={String(candidate.courseId)}>
                          {t('importWizard.closeMatch', {
                            title: candidate.title,
                            score: Math.round(candidate.score * 100),
                          })}
                        </option>
                      ))}
                      <option value="create">
                        {t('importWizard.create', { title: match.title })}
                      </option>
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating ? (
        <div className="wizard-grid">
          <label>
            {t('importWizard.newCurrency')}
            <input
              value={props.newCurrency}
              maxLength={3}
              onChange={(event) => props.onNewCurrency(event.target.value.toUpperCase())}
            />
            <span className="muted">{t('importWizard.newCoursesNote')}</span>
          </label>
        </div>
      ) : null}
    </div>
  );
}
