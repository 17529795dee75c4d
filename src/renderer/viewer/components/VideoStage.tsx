import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n';
import type { AudienceClient } from '../audience-client';
import { StreamPlayer, type PlayerStatus } from '../stream-player';
import { WebRtcPlayer, webrtcSupported, type WebRtcFailure } from '../webrtc-player';
import './video-stage.css';

/** How the picture reaches this page; `pending` until the class says what it offers. */
export type DeliveryPath = 'pending' | 'webrtc' | 'http';

interface Player {
  close(): void;
  end(): void;
  unmute(): void;
}

/**
 * The class picture. It picks its path by itself: WebRTC when the class offers it and this
 * browser can do it, else — or as soon as WebRTC fails — the HTTP stream (MSE). It says which
 * path it uses (`data-path` on the stage, for people and for benchmarks), and says plainly when
 * this browser cannot play it. `children` is what the page shows when there is no picture.
 */
export function VideoStage({
  code,
  client,
  offered,
  live,
  ended,
  children,
}: {
  code: string;
  client: AudienceClient;
  /** Whether the class offers WebRTC; null until the server has said (its welcome). */
  offered: boolean | null;
  /** The class is live now: a missing WebRTC picture then counts as a failure. */
  live: boolean;
  /** The class is over: stop listening for a picture. */
  ended: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<Player | null>(null);
  const webrtc = useRef<WebRtcPlayer | null>(null);
  const [chosen, setChosen] = useState<DeliveryPath>('pending');
  const [fellBack, setFellBack] = useState<WebRtcFailure | null>(null);
  const [status, setStatus] = useState<PlayerStatus | null>(null);

  // Chosen once, when the class has said what it offers (adjusting state while rendering, as
  // React advises for values derived from props); WebRTC may later fall back to HTTP.
  if (chosen === 'pending' && offered !== null) {
    setChosen(offered && webrtcSupported() ? 'webrtc' : 'http');
  }
  const path: DeliveryPath = fellBack ? 'http' : chosen;

  useEffect(() => {
    const element = video.current;
    if (!element || path === 'pending') return;
    let instance: Player;
    if (path === 'webrtc') {
      const rtc = new WebRtcPlayer(client, element, setStatus, (reason) => {
        setStatus(null);
        setFellBack(reason);
      });
      webrtc.current = rtc;
      instance = rtc;
    } else {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      instance = new StreamPlayer(
        `${scheme}://${location.host}/stream/${code}`,
        element,
        setStatus,
      );
    }
    player.current = instance;
    return () => {
      instance.close();
      player.current = null;
      webrtc.current = null;
    };
  }, [code, client, path]);

  useEffect(() => {
    webrtc.current?.setLive(live);
  }, [live, path]);

  useEffect(() => {
    if (ended) player.current?.end();
  }, [ended, path]);

  const state = status?.state ?? 'connecting';
  const showing = state === 'playing' || state === 'stalled';
  return (
    <div
      className={showing ? 'stage playing' : 'stage'}
      data-testid="video-area"
      data-player={state}
      data-path={path}
      // The HTTP stream's container: mp4 (the recording's fragments) or webm (the low-latency feed).
      {...(status?.mimeType ? { 'data-media': status.mimeType.split(';')[0] } : {})}
      {...(fellBack ? { 'data-fallback': fellBack } : {})}
    >
      <video ref={video} playsInline className="stage-video" data-testid="stage-video" />
      {!showing ? (
        <div className="stage-message">{problem(state, status, t) ?? children}</div>
      ) : null}
      <div
        className="stage-path"
        data-testid="delivery-path"
        title={fellBack ? t('stream.fellBack') : undefined}
      >
        {path === 'webrtc'
          ? t('stream.pathWebrtc')
          : path === 'http'
            ? t(fellBack ? 'stream.pathFallback' : 'stream.path')
            : '…'}
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
