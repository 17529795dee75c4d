import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionId } from '../../../../shared/model/ids';
import { formatClock } from './report-format';
import './watch-moment.css';

/**
 * "Watch this moment": the studio opens Review on a class at an epoch-ms moment. Provided by the
 * studio's App around the Reports screen; an exported report has no provider and shows no button.
 */
export type WatchMoment = (sessionId: SessionId, at: number) => void;
export const WatchMomentContext = createContext<WatchMoment | null>(null);

export function WatchButton({ sessionId, at }: { sessionId: SessionId; at: number }) {
  const { t, i18n } = useTranslation();
  const watch = useContext(WatchMomentContext);
  if (!watch) return null;
  return (
    <button
      type="button"
      className="link-button watch-moment"
      aria-label={t('replay.watchLabel', { clock: formatClock(at, i18n.language) })}
      onClick={() => watch(sessionId, at)}
      data-testid={`watch-${String(at)}`}
    >
      ▶ {t('replay.watch')}
    </button>
  );
}
