import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanReplayState } from '../../../../shared/contract/lan-replay-api';
import type { SessionId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { usePendingSwitch } from '../../api/use-pending-switch';

/** The per-class switch that lets the join link serve the class's replay once it has ended. */
export function LanReplaySwitch({ sessionId }: { sessionId: SessionId }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [state, setState] = useState<LanReplayState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = usePendingSwitch(state?.enabled);

  useEffect(() => {
    let current = true;
    client.invoke('review.lanReplay', { sessionId }).then(
      (value) => {
        if (current) setState(value);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [client, sessionId]);

  const toggle = (enabled: boolean): void => {
    setError(null);
    shown
      .flip(enabled, () =>
        client.invoke('review.setLanReplay', { sessionId, enabled }).then(setState),
      )
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const why = !state
    ? null
    : !state.ended
      ? t('lanReplay.switch.notEnded')
      : !state.recorded
        ? t('lanReplay.switch.noRecording')
        : !state.joinPath
          ? t('lanReplay.switch.noLink')
          : null;

  return (
    <div className="card review-replay" data-testid="lan-replay">
      <h2>{t('lanReplay.switch.title')}</h2>
      <label>
        <input
          type="checkbox"
          checked={shown.checked}
          disabled={!state || shown.pending}
          onChange={(e) => toggle(e.target.checked)}
          data-testid="lan-replay-switch"
        />{' '}
        {t('lanReplay.switch.label')}
      </label>
      <p className="muted small">{t('lanReplay.switch.hint')}</p>
      {why ? <p className="muted small">{why}</p> : null}
      {state?.joinPath && state.enabled ? (
        <p className="small" data-testid="lan-replay-link">
          {t('lanReplay.switch.link', { path: state.joinUrl ?? state.joinPath })}
        </p>
      ) : null}
      {state ? (
        <p className="small" data-testid="lan-replay-watchers">
          {t('lanReplay.switch.watchers', { count: state.watchers })}
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
