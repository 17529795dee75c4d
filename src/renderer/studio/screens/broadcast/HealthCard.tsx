import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../common/format';
import type { BroadcastSnapshot } from './broadcast-snapshot';
import { PORTRAIT_FPS_STEPS } from './portrait-fps';
import type { PortraitFeed } from './portrait-feed';

export function megabytes(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return bytes >= 1e9 ? `${format.format(bytes / 1e9)} GB` : `${format.format(bytes / 1e6)} MB`;
}

/** `video/mp4;codecs=avc1,opus` → `MP4 · avc1 + opus`. */
function formatName(mimeType: string | null): string {
  if (!mimeType) return '—';
  const [type = '', params = ''] = mimeType.split(';');
  const container = (type.split('/')[1] ?? type).toUpperCase();
  const codecs = /codecs=([^;]+)/.exec(params)?.[1]?.replaceAll('"', '').split(',') ?? [];
  return codecs.length > 0 ? `${container} · ${codecs.join(' + ')}` : container;
}

/** The Broadcast screen's health panel: the program, the delivery paths, the disk, and the portrait canvas. */
export function HealthCard({ state, feed }: { state: BroadcastSnapshot; feed: PortraitFeed }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const portrait = useSyncExternalStore(feed.subscribe, feed.snapshot);
  const lowered = portrait.enabled && portrait.targetFps < PORTRAIT_FPS_STEPS[0];
  const health = state.health;
  const disk = health.disk;
  return (
    <div className="card health" data-testid="broadcast-health">
      <h2>{t('broadcast.health')}</h2>
      <dl>
        <dt>{t('broadcast.stats.fps')}</dt>
        <dd data-testid="health-fps">{formatNumber(health.fps, locale)}</dd>
        <dt>{t('broadcast.stats.dropped')}</dt>
        <dd data-testid="health-dropped">{formatNumber(health.dropped, locale)}</dd>
        <dt>{t('broadcast.stats.bitrate')}</dt>
        <dd data-testid="health-bitrate">
          {formatNumber(Math.round(health.bitrate / 1000), locale)} kbit/s
        </dd>
        <dt>{t('broadcast.stats.written')}</dt>
        <dd data-testid="health-bytes">{megabytes(health.bytesSent, locale)}</dd>
        <dt>{t('broadcast.stats.httpViewers')}</dt>
        <dd data-testid="health-http-viewers">{formatNumber(health.httpViewers, locale)}</dd>
        <dt>{t('httpFeed.label')}</dt>
        <dd
          data-testid="health-http-feed"
          data-state={state.httpFeed.state}
          title={state.httpFeed.detail ?? undefined}
          className={state.httpFeed.state === 'failed' ? 'warning-text' : undefined}
        >
          {t(`httpFeed.state.${state.httpFeed.state}`, { count: health.httpOnFeed })}
        </dd>
        <dt>{t('broadcast.stats.webrtcViewers')}</dt>
        <dd data-testid="health-webrtc-viewers">{formatNumber(health.webrtcViewers, locale)}</dd>
        <dt>{t('broadcast.stats.webrtc')}</dt>
        <dd
          data-testid="health-webrtc"
          data-state={state.webrtc.state}
          title={state.webrtc.detail ?? undefined}
        >
          {t(`broadcast.webrtc.${state.webrtc.state}`, { codec: state.webrtc.codec ?? '—' })}
        </dd>
        <dt>{t('broadcast.stats.disk')}</dt>
        <dd>
          {disk
            ? t('broadcast.diskFree', {
                free: megabytes(disk.freeBytes, locale),
                minutes: formatNumber(Math.floor(disk.minutesLeft ?? 0), locale),
              })
            : '—'}
        </dd>
        <dt>{t('canvas.health')}</dt>
        <dd
          data-testid="health-portrait"
          data-state={!portrait.enabled ? 'off' : lowered ? 'lowered' : 'full'}
          className={lowered ? 'warning-text' : undefined}
        >
          {!portrait.enabled
            ? t('canvas.healthOff')
            : lowered
              ? t('canvas.lowered', { fps: portrait.targetFps })
              : t('canvas.healthFps', { fps: formatNumber(portrait.fps, locale) })}
        </dd>
        <dt>{t('broadcast.stats.format')}</dt>
        <dd>{formatName(state.recorderType)}</dd>
      </dl>
      {state.webrtc.state === 'unavailable' && state.webrtc.reason ? (
        <p className="muted" data-testid="broadcast-webrtc-note">
          {t(`broadcast.webrtc.reasons.${state.webrtc.reason}`)}
        </p>
      ) : null}
    </div>
  );
}
