import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioHealth } from '../../../shared/contract';
import { useStudio } from '../api/studio-context';

/**
 * The studio's own health (`studio.health`), shown above every screen: today, that what happens
 * in a class cannot be saved (a full disk); else that the portrait canvas runs at a lowered frame
 * rate. Each goes away by itself once writes succeed again, or the rate is back to full.
 * `connected` refetches it after a reconnect, when events may have been missed.
 */
export function HealthBanner({ connected }: { connected: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [health, setHealth] = useState<StudioHealth | null>(null);

  useEffect(() => client.on('studio.healthChanged', setHealth), [client]);
  useEffect(() => {
    if (!connected) return;
    client.invoke('studio.health', {}).then(setHealth, () => undefined);
  }, [client, connected]);

  const storage = health?.storage;
  const canvas = health?.canvas;
  if (!storage) {
    if (!canvas) return null;
    return (
      <div className="banner warning" role="status" data-testid="health-banner">
        {t('canvasRecord.banner', { fps: canvas.fps, fullFps: canvas.fullFps })}
      </div>
    );
  }
  const since = new Intl.DateTimeFormat(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(storage.since));
  return (
    <div className="banner error" role="alert" data-testid="health-banner">
      {t(`health.${storage.problem}`, { failed: storage.failedWrites, since })}
    </div>
  );
}
