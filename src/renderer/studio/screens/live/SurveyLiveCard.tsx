import { useTranslation } from 'react-i18next';
import type { LiveSurvey } from '../../../../shared/contract/satisfaction-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { useEventVersion } from '../../api/use-event-version';
import { useQuery } from '../../api/use-query';
import type { Act } from './LivePanel';

/** The Live screen's satisfaction survey: open it near the end of the class, close it after. */
export function SurveyLiveCard({
  sessionId,
  act,
  ended,
}: {
  sessionId: SessionId;
  act: Act;
  ended: boolean;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const version = useEventVersion(['survey.changed']);
  const query = useQuery<LiveSurvey | null>(`survey:${String(sessionId)}:${String(version)}`, () =>
    client.invoke('survey.state', { sessionId }),
  );
  const settings = useQuery(`survey-at-end:${String(sessionId)}`, () =>
    client.invoke('survey.configure', { sessionId }),
  );
  const survey = query.data ?? null;
  const open = survey !== null && survey.closedAt === null;
  return (
    <section className="card survey-live" aria-label={t('satisfaction.live.title')}>
      <h2>{t('satisfaction.live.title')}</h2>
      <p className="muted" data-testid="survey-live-status">
        {survey === null
          ? t('satisfaction.live.none')
          : open
            ? t('satisfaction.live.openNow', { count: survey.answers })
            : t('satisfaction.live.closed', { count: survey.answers })}
      </p>
      {ended || !settings.data ? null : (
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="survey-at-end"
            checked={settings.data.atEnd}
            onChange={(e) => {
              const atEnd = e.target.checked;
              act(() =>
                client.invoke('survey.configure', { sessionId, atEnd }).then((next) => {
                  settings.reload();
                  return next;
                }),
              );
            }}
          />{' '}
          {t('satisfaction.live.atEnd', {
            minutes: Math.max(1, Math.round(settings.data.graceSeconds / 60)),
          })}
        </label>
      )}
      {ended ? null : open ? (
        <button
          type="button"
          data-testid="survey-close"
          onClick={() =>
            act(() => client.invoke('survey.close', { sessionId, surveyId: survey.id }))
          }
        >
          {t('satisfaction.live.close', { count: survey.answers })}
        </button>
      ) : (
        <button
          type="button"
          data-testid="survey-open"
          onClick={() => act(() => client.invoke('survey.open', { sessionId }))}
        >
          {survey === null ? t('satisfaction.live.open') : t('satisfaction.live.reopen')}
        </button>
      )}
    </section>
  );
}
