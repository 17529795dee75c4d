import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StreamPlayer, type PlayerStatus } from '../stream-player';
import './video-stage.css';

/**
 * The class picture, played from the HTTP stream path (MSE). Says which path it uses, and says
 * plainly when this browser cannot play it. `children` is what the page shows when there is no
 * picture (waiting, paused, ended).
 */
export function VideoStage({
  code,
  ended,
  children,
}: {
  code: string;
  /** The class is over: stop listening for a picture. */
  ended: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<StreamPlayer | null>(null);
  const [status, setStatus] = useState<PlayerStatus | null>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const instance = new StreamPlayer(
      `${scheme}://${location.host}/stream/${code}`,
      element,
      setStatus,
    );
    player.current = instance;
    return () => {
      instance.close();
      player.current = null;
    };
  }, [code]);

  useEffect(() => {
    if (ended) player.current?.end();
  }, [ended]);

  const state = status?.state ?? 'connecting';
  const showing = state === 'playing' || state === 'stalled';
  return (
    <div
      className={showing ? 'stage playing' : 'stage'}
      data-testid="video-area"
      data-player={state}
    >
      <video ref={video} playsInline className="stage-video" data-testid="stage-video" />
      {!showing ? (
        <div className="stage-message">{problem(state, status, t) ?? children}</div>
      ) : null}
      <div className="stage-path" data-testid="delivery-path">
        {t('stream.path')}
        {state === 'stalled' ? ` · ${t('stream.stalled')}` : ''}
      </div>
      {status?.mutedByBrowser ? (
        <button type="button" className="unmute" onClick={() => player.current?.unmute()}>
          🔇 {t('stream.unmute')}
        </button>
      ) : null}
    </div>
  );
}

function problem(
  state: PlayerStatus['state'],
  status: PlayerStatus | null,
  t: (key: string, options?: Record<string, unknown>) => string,
): string | null {
  if (state === 'unsupported') {
    return status?.mimeType
      ? t('stream.codecUnsupported', { type: status.mimeType })
      : t('stream.mseUnsupported');
  }
  if (state === 'unavailable') return t('stream.unavailable');
  return null;
}
